package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.spi.MigrationExtension;
import dev.strangler.migrator.spi.RowTransformer;
import dev.strangler.migrator.spi.RowValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test extension, registered in {@code META-INF/services}: writes customers' countries as ISO codes (what a plan
 * expression would need a lookup table for) and refuses countries it has no code for.
 */
public final class CountryCodeExtension implements MigrationExtension {

    private static final Map<String, String> CODES = Map.of("Germany", "DE", "Mexico", "MX", "UK", "GB",
            "Sweden", "SE", "France", "FR", "Austria", "AT", "Spain", "ES", "Italy", "IT");

    @Override
    public RowValidator validator(EntityPlan entity, RowValidator planned) {
        if (!entity.name().equals("customer")) {
            return planned;
        }
        return row -> {
            List<Violation> violations = new ArrayList<>(planned.validate(row));
            Object country = row.get("country");
            if (country != null && !CODES.containsKey(country)) {
                violations.add(new Violation("customer", String.valueOf(row.get("customer_id")), "country",
                        "CountryCodeExtension", "no ISO code for " + country));
            }
            return violations;
        };
    }

    @Override
    public RowTransformer transformer(EntityPlan entity, RowTransformer planned) {
        if (!entity.name().equals("customer")) {
            return planned;
        }
        return row -> {
            Map<String, Object> target = new LinkedHashMap<>(planned.transform(row));
            target.put("country", CODES.get((String) row.get("country")));
            return target;
        };
    }
}
