package dev.strangler.demo.cli;

import dev.strangler.demo.DemoStack;

/** What {@code strangler demo} prints once everything is up: where things are, and what to try. */
final class DemoBanner {

    private DemoBanner() {
    }

    static String text(DemoStack stack) {
        String legacy = stack.legacyApp().url();
        String modern = stack.modernApp().url();
        return String.join(System.lineSeparator(),
                "",
                "Strangler demo is running (the proxy is not part of it yet: the two systems are shown side by side).",
                "",
                "  legacy app      " + legacy + "   (Northwind: 91 customers, 830 orders)",
                "  modern app      " + modern + "   (empty until customers are migrated)",
                "  legacy database " + stack.legacyDatabase().uri(),
                "  modern database " + stack.modernDatabase().uri(),
                "",
                "Try:",
                "  curl -i " + legacy + "/api/customers/ALFKI",
                "  curl " + legacy + "/api/customers/ALFKI/orders",
                "  curl -X PUT -H 'Content-Type: application/json' " + legacy + "/api/customers/ALFKI/contact \\",
                "       -d '{\"name\":\"Maria Anders\",\"phone\":\"030-0074321\",\"street\":\"Obere Str. 57\","
                        + "\"city\":\"Berlin\",\"postalCode\":\"12209\",\"country\":\"Germany\"}'",
                "  curl -X POST -H 'Content-Type: application/json' " + legacy + "/api/customers/ALFKI/orders \\",
                "       -d '{\"shipperId\":1,\"lines\":[{\"productId\":11,\"quantity\":3}]}'",
                "  curl -i " + modern + "/api/customers/ALFKI      # 404: not migrated yet",
                "  open " + legacy + "/signin in a browser",
                "",
                "Press Ctrl-C to stop.");
    }
}
