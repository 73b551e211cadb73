package dev.strangler.proxy.console;

import java.util.List;

/**
 * The frame of every console page: the head (one style sheet, two scripts, all from this origin, so the
 * Content-Security-Policy needs no {@code 'unsafe-inline'}), a skip link, the navigation with the current page
 * marked, who is signed in with which scope, sign-out, and the main content under one {@code h1}.
 */
final class Layout {

    /** The navigation: path and label, in order. */
    private static final List<String[]> NAVIGATION = List.of(new String[] {"/console/", "Overview"},
            new String[] {"/console/rollout", "Rollout"}, new String[] {"/console/failures", "Failures"},
            new String[] {"/console/users", "Users"}, new String[] {"/console/audit", "Audit"});

    /**
     * htmx's configuration: no injected indicator styles (the strict policy would refuse them), no {@code eval}, no
     * scripts from swapped content.
     */
    private static final String HTMX_CONFIG = "{&quot;includeIndicatorStyles&quot;:false,&quot;allowEval&quot;:false,"
            + "&quot;allowScriptTags&quot;:false,&quot;selfRequestsOnly&quot;:true}";

    private Layout() {
    }

    /** A full page; {@code session} is null on the sign-in page. */
    static String page(String title, String current, ConsoleSession session, String notice, Html content) {
        Html page = new Html().raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<meta name=\"htmx-config\" content=\"" + HTMX_CONFIG + "\">")
                .raw("<title>").text(title).raw(" · Strangler console</title>")
                .raw("<link rel=\"stylesheet\" href=\"" + ConsoleAssets.STYLE + "\">")
                .raw("<script src=\"" + ConsoleAssets.HTMX + "\" defer></script>")
                .raw("<script src=\"" + ConsoleAssets.SCRIPT + "\" defer></script></head>\n<body>")
                .raw("<a class=\"skip\" href=\"#main\">Skip to the content</a>");
        page.raw("<header><span class=\"brand\">Strangler console</span>");
        if (session != null) {
            page.raw("<nav aria-label=\"Console\"><ul>");
            for (String[] link : NAVIGATION) {
                page.raw("<li><a href=\"").text(link[0]).raw("\"")
                        .raw(link[0].equals(current) ? " aria-current=\"page\"" : "").raw(">").text(link[1])
                        .raw("</a></li>");
            }
            page.raw("</ul></nav><div class=\"who\"><span>Signed in as <strong>").text(session.actor())
                    .raw("</strong>, scope <strong id=\"scope\">").text(session.scope().id()).raw("</strong></span>")
                    .raw("<form method=\"post\" action=\"/console/sign-out\">").csrf(session)
                    .raw("<button type=\"submit\" id=\"sign-out\">Sign out</button></form></div>");
        }
        page.raw("</header>\n<main id=\"main\"><h1>").text(title).raw("</h1>");
        if (notice != null) {
            page.raw("<p class=\"notice\" role=\"status\" id=\"notice\">").text(notice).raw("</p>");
        }
        return page.raw(content.toString()).raw("</main></body></html>\n").toString();
    }
}
