package dev.strangler.demo.generator;

/**
 * How often each defect of a long-lived legacy database appears in generated data, each a probability from 0 to 1,
 * drawn independently per customer (per order for orphans).
 *
 * @param invalidEmail      a malformed e-mail address ({@code maria.anders@}, {@code @example.com})
 * @param missingEmail      no e-mail address
 * @param invalidPhone      a phone that cannot be dialled ({@code n/a}, too few digits)
 * @param missingPhone      no phone
 * @param blankName         a blank company name
 * @param mixedDateFormat   {@code customer_since} as text in another format than ISO ({@code 03/04/2019})
 * @param orphanOrder       an order whose customer does not exist (the legacy table has no foreign key)
 * @param duplicateCustomer a second customer row for a company already there, under another id
 * @param trailingSpaces    names padded with spaces, as fixed-width screens stored them
 * @param mojibake          names whose UTF-8 was read as Latin-1 once ({@code CafÃ©})
 */
public record DefectRates(double invalidEmail, double missingEmail, double invalidPhone, double missingPhone,
                          double blankName, double mixedDateFormat, double orphanOrder, double duplicateCustomer,
                          double trailingSpaces, double mojibake) {

    public DefectRates {
        check("invalidEmail", invalidEmail);
        check("missingEmail", missingEmail);
        check("invalidPhone", invalidPhone);
        check("missingPhone", missingPhone);
        check("blankName", blankName);
        check("mixedDateFormat", mixedDateFormat);
        check("orphanOrder", orphanOrder);
        check("duplicateCustomer", duplicateCustomer);
        check("trailingSpaces", trailingSpaces);
        check("mojibake", mojibake);
    }

    /** Clean data: no defects at all. */
    public static DefectRates none() {
        return uniform(0);
    }

    /** Every defect at the same rate, as {@code strangler generate --defect-rate} sets them. */
    public static DefectRates uniform(double rate) {
        return new DefectRates(rate, rate, rate, rate, rate, rate, rate, rate, rate, rate);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + ": " + rate + " (expected: 0..1)");
        }
    }
}
