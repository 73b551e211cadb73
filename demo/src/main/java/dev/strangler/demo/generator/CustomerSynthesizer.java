package dev.strangler.demo.generator;

import static dev.strangler.demo.generator.Geography.fill;
import static dev.strangler.demo.generator.Geography.pick;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes one synthetic customer, with its orders and their lines, shaped like Northwind's (about 15 orders per
 * customer, about 2.6 lines per order) and spoiled by {@link DefectRates}.
 *
 * <p>Everything about customer {@code i} is a pure function of the seed and {@code i}: each customer draws from
 * its own {@link SplittableRandom}, seeded from both, so the same seed always gives the same data, and a duplicate
 * can copy an earlier customer by regenerating it instead of remembering it.
 */
final class CustomerSynthesizer {

    /** 26^5: the five-letter ids there are. Customer i gets a distinct one by a bijection on this range. */
    static final long MAX_CUSTOMERS = 11_881_376L;

    private static final long ID_MULTIPLIER = 7_919_423L;
    private static final long ID_OFFSET = 3_141_592L;
    private static final int FIRST_ORDER_DAY = (int) LocalDate.of(2015, 1, 1).toEpochDay();
    private static final int ORDER_DAYS = 11 * 365;
    private static final int[] LINES_PER_ORDER = {1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5};
    private static final String[] DISCOUNTS = {"0.05", "0.1", "0.15", "0.2", "0.25"};
    private static final String[] ODD_DATE_FORMATS = {"%3$02d/%2$02d/%1$d", "%2$02d/%3$02d/%1$d",
        "%3$d %4$s %1$d", "%1$d%2$02d%3$02d", "%1$d.%2$02d.%3$02d"};
    private static final String[] BAD_PHONES = {"n/a", "555-12", "?", "call office", "0"};
    private static final String[] BAD_EMAILS = {"%s@", "@example.com", "%s at example dot com", "%s@@example.com",
        "%s@example"};

    private final long seed;
    private final DefectRates defects;
    private final String[] productPrices;

    /** {@code productPrices[id]} is product {@code id}'s catalogue price as text; ids run from 1. */
    CustomerSynthesizer(long seed, DefectRates defects, String[] productPrices) {
        this.seed = seed;
        this.defects = defects;
        this.productPrices = productPrices.clone();
    }

    /** The five-letter key of customer {@code index}. */
    static String customerId(long index) {
        long n = Math.floorMod(index * ID_MULTIPLIER + ID_OFFSET, MAX_CUSTOMERS);
        char[] id = new char[5];
        for (int i = 4; i >= 0; i--) {
            id[i] = (char) ('A' + n % 26);
            n /= 26;
        }
        return new String(id);
    }

    /** Writes customer {@code index}, its orders from {@code firstOrderId} on; returns the orders written. */
    int write(long index, long firstOrderId, CopyBuffer customers, CopyBuffer orders, CopyBuffer lines,
              Counts counts) throws SQLException {
        SplittableRandom random = random(index, 1);
        Profile profile = index > 0 && random.nextDouble() < defects.duplicateCustomer()
                ? profile(random.nextLong(index)) : profile(index);
        if (profile.index != index) {
            counts.duplicates++;
        }
        String id = customerId(index);
        String company = profile.company;
        String contact = profile.contact;
        if (random.nextDouble() < defects.mojibake()) {
            company = mojibake(company.chars().allMatch(c -> c < 128) ? company + " Épicerie" : company);
            contact = mojibake(contact);
        }
        if (random.nextDouble() < defects.trailingSpaces()) {
            company = company + "   ";
            contact = contact + " ";
        }
        if (random.nextDouble() < defects.blankName()) {
            company = random.nextBoolean() ? "" : "  ";
        }
        String phone = random.nextDouble() < defects.missingPhone() ? null
                : random.nextDouble() < defects.invalidPhone() ? BAD_PHONES[random.nextInt(BAD_PHONES.length)]
                : profile.phone;
        String email = random.nextDouble() < defects.missingEmail() ? null
                : random.nextDouble() < defects.invalidEmail()
                        ? BAD_EMAILS[random.nextInt(BAD_EMAILS.length)].replace("%s", profile.mailbox)
                        : clip(profile.mailbox + "@" + profile.domain, 100);
        LocalDate since = profile.since;
        String customerSince = random.nextDouble() < defects.mixedDateFormat()
                ? String.format(Locale.ROOT, ODD_DATE_FORMATS[random.nextInt(ODD_DATE_FORMATS.length)],
                        since.getYear(), since.getMonthValue(), since.getDayOfMonth(),
                        since.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH))
                : since.toString();
        Geography.City city = profile.city;
        customers.field(id).field(clip(company, 40)).field(clip(contact, 30)).field(profile.title)
                .field(profile.street)
                .field(city.name()).field(city.region()).field(profile.postalCode).field(city.country())
                .field(phone).field(profile.fax).field(email).field(customerSince).endRow();

        int orderCount = random.nextInt(31);
        for (int o = 0; o < orderCount; o++) {
            long orderId = firstOrderId + o;
            boolean orphan = random.nextDouble() < defects.orphanOrder();
            if (orphan) {
                counts.orphanOrders++;
            }
            int day = FIRST_ORDER_DAY + random.nextInt(ORDER_DAYS);
            boolean shipped = random.nextInt(20) != 0;
            long freightCents = random.nextLong(100_000);
            orders.field(orderId)
                    .field(orphan ? "Z" + (1000 + random.nextInt(9000)) : id)
                    .field(1 + random.nextInt(9))
                    .field(LocalDate.ofEpochDay(day).toString())
                    .field(LocalDate.ofEpochDay(day + 28).toString())
                    .field(shipped ? LocalDate.ofEpochDay(day + 1 + random.nextInt(14)).toString() : null)
                    .field(1 + random.nextInt(3))
                    .field(freightCents / 100 + "." + (freightCents % 100 < 10 ? "0" : "") + freightCents % 100)
                    .field(clip(profile.company, 40)).field(profile.street).field(city.name()).field(city.region())
                    .field(profile.postalCode).field(city.country()).endRow();
            writeLines(random, orderId, lines);
        }
        return orderCount;
    }

    private void writeLines(SplittableRandom random, long orderId, CopyBuffer lines) throws SQLException {
        int count = LINES_PER_ORDER[random.nextInt(LINES_PER_ORDER.length)];
        int products = productPrices.length - 1;
        long used = 0;
        for (int l = 0; l < count; l++) {
            int product;
            do {
                product = 1 + random.nextInt(products);
            } while ((used & (1L << (product % 64))) != 0);
            used |= 1L << (product % 64);
            lines.field(orderId).field(product).field(productPrices[product]).field(1 + random.nextInt(60))
                    .field(random.nextInt(10) < 7 ? "0" : DISCOUNTS[random.nextInt(DISCOUNTS.length)]).endRow();
        }
    }

    /** The clean facts of customer {@code index}, before any defect. */
    private Profile profile(long index) {
        SplittableRandom random = random(index, 0);
        String first = pick(random, Geography.FIRST_NAMES);
        String last = pick(random, Geography.LAST_NAMES);
        String company = pick(random, Geography.LAST_NAMES) + " " + pick(random, Geography.COMPANY_WORDS);
        Geography.City city = pick(random, Geography.CITIES);
        String phone = fill(random, city.phonePattern());
        String fax = random.nextInt(4) == 0 ? null : fill(random, city.phonePattern());
        return new Profile(index, company, first + " " + last, pick(random, Geography.TITLES),
                pick(random, Geography.STREETS) + " " + (1 + random.nextInt(400)), city,
                fill(random, city.postalPattern()), phone, fax, ascii(first + "." + last).replace(" ", ""),
                ascii(company).replace(' ', '-') + ".example",
                LocalDate.ofEpochDay(FIRST_ORDER_DAY - 3650 + random.nextInt(3650)));
    }

    private SplittableRandom random(long index, int stream) {
        return new SplittableRandom(mix(seed ^ mix(index * 2 + stream)));
    }

    /** Stafford's variant 13 of the 64-bit finaliser: spreads nearby seeds far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The text as it reads after its UTF-8 bytes were once decoded as Latin-1. */
    static String mojibake(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The legacy columns' widths: the old screens cut what did not fit, and so does the generator. */
    private static String clip(String text, int width) {
        return text == null || text.length() <= width ? text : text.substring(0, width);
    }

    private static String ascii(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("[^A-Za-z. -]", "")
                .toLowerCase(Locale.ROOT);
    }

    private record Profile(long index, String company, String contact, String title, String street,
                           Geography.City city, String postalCode, String phone, String fax, String mailbox,
                           String domain, LocalDate since) {
    }

    /** What the caller reports beyond row counts. */
    static final class Counts {
        long duplicates;
        long orphanOrders;
    }
}
