package dev.strangler.demo.generator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Where Northwind's customers are, so generated ones look like them: the same countries, with cities, the region
 * codes their addresses use, and the shapes of their postal codes and phone numbers ({@code #} is a digit,
 * {@code @} an upper-case letter).
 */
final class Geography {

    /** One city and how addresses and phones look there. */
    record City(String country, String name, String region, String postalPattern, String phonePattern) {
    }

    static final List<City> CITIES = List.of(
            new City("Germany", "Berlin", null, "#####", "030-#######"),
            new City("Germany", "München", null, "#####", "089-#######"),
            new City("Germany", "Köln", null, "#####", "0221-#######"),
            new City("France", "Paris", null, "#####", "(1) ##.##.##.##"),
            new City("France", "Nantes", null, "#####", "##.##.##.##"),
            new City("UK", "London", null, "@@# #@@", "(171) 555-####"),
            new City("USA", "Portland", "OR", "#####", "(503) 555-####"),
            new City("USA", "Seattle", "WA", "#####", "(206) 555-####"),
            new City("USA", "Albuquerque", "NM", "#####", "(505) 555-####"),
            new City("Canada", "Vancouver", "BC", "@#@ #@#", "(604) 555-####"),
            new City("Canada", "Montréal", "QC", "@#@ #@#", "(514) 555-####"),
            new City("Brazil", "Sao Paulo", "SP", "#####-###", "(11) 555-####"),
            new City("Brazil", "Rio de Janeiro", "RJ", "#####-###", "(21) 555-####"),
            new City("Mexico", "México D.F.", null, "#####", "(5) 555-####"),
            new City("Spain", "Madrid", null, "#####", "(91) 555 ## ##"),
            new City("Italy", "Torino", null, "#####", "011-#######"),
            new City("Sweden", "Luleå", null, "S-### ##", "0921-## ## ##"),
            new City("Venezuela", "Caracas", "DF", "####", "(2) 283-####"),
            new City("Argentina", "Buenos Aires", null, "####", "(1) 135-####"),
            new City("Austria", "Graz", null, "####", "7675-####"),
            new City("Belgium", "Bruxelles", null, "B-####", "(02) 201 ## ##"),
            new City("Denmark", "København", null, "####", "## ## ## ##"),
            new City("Finland", "Helsinki", null, "#####", "90-224 ####"),
            new City("Ireland", "Cork", "Co. Cork", "@## @@##", "(021) ### ####"),
            new City("Norway", "Stavern", null, "####", "07-98 ## ##"),
            new City("Poland", "Warszawa", null, "##-###", "(26) 642-####"),
            new City("Portugal", "Lisboa", null, "####-###", "(1) 354-####"),
            new City("Switzerland", "Genève", null, "####", "0897-######"));

    static final List<String> FIRST_NAMES = List.of("Maria", "Ana", "Antonio", "Thomas", "Christina", "Hanna",
            "Frédérique", "Martín", "Laurence", "Elizabeth", "Victoria", "Patricio", "Francisco", "Yang", "Pedro",
            "Sven", "Janine", "Ann", "Roland", "Aria", "Diego", "Martine", "Peter", "Carine", "Paolo", "Lino",
            "Eduardo", "José", "André", "Howard", "Manuel", "Mario", "Carlos", "Yoshi", "Patricia", "Helen",
            "Philip", "Daniel", "Annette", "John", "Renate", "Jaime", "Felipe", "Fran", "Giovanni", "Catherine",
            "Jean", "Alexander", "Simon", "Yvonne", "Rene", "Henriette", "Marie", "Guillermo", "Georg", "Isabel",
            "Bernardo", "Lúcia", "Horst", "Sergio", "Paula", "Maurizio", "Janete", "Michael", "Alejandra", "Jonas",
            "Jytte", "Art", "Pascale", "Liz", "Liu", "Karin", "Miguel", "Anabela", "Helvetius", "Palle", "Mary",
            "Rita", "Pirkko", "Karl", "Matti", "Zbyszek");

    static final List<String> LAST_NAMES = List.of("Anders", "Trujillo", "Moreno", "Hardy", "Berglund", "Moos",
            "Citeaux", "Sommer", "Lebihan", "Lincoln", "Ashworth", "Simpson", "Chang", "Afonso", "Ottlieb",
            "Labrune", "Devon", "Mendel", "Cruz", "Roel", "Rancé", "Franken", "Schmitt", "Accorti", "Rodriguez",
            "Saavedra", "Freyre", "Fonseca", "Snyder", "Pereira", "Pontes", "Hernández", "Latimer", "McKenna",
            "Bennett", "Cramer", "Tonini", "Roulet", "Steel", "Messner", "Yorres", "Izquierdo", "Wilson", "Rovelli",
            "Dewey", "Fresnière", "Feuer", "Crowther", "Moncada", "Phillips", "Pfalzheim", "Bertrand", "Fernández",
            "Pipps", "de Castro", "Batista", "Carvalho", "Kloss", "Gutiérrez", "Moroni", "Limeira", "Holz",
            "Camino", "Bergulfsen", "Petersen", "Braunschweiger", "Cartrain", "Nixon", "Wong", "Josephs",
            "Paolino", "Domingues", "Nagy", "Ibsen", "Saveley", "Henriot", "Müller", "Koskitalo", "Parente",
            "Jablonski", "Karttunen", "Piestrzeniewicz");

    static final List<String> COMPANY_WORDS = List.of("Alimentari", "Bacalhau", "Beverages", "Bistro", "Café",
            "Comidas", "Delikatessen", "Épicerie", "Gourmet", "Grocers", "Handel", "Hipermercados", "Importadora",
            "Käseladen", "Kountry", "Lebensmittel", "Markets", "Mercado", "Provisions", "Restaurante", "Salchichas",
            "Snabbköp", "Spécialités", "Supermarkt", "Taquería", "Vinhos", "Wine Cellars", "Zajazd", "Provençal",
            "Delícia");

    static final List<String> TITLES = List.of("Owner", "Sales Representative", "Order Administrator",
            "Marketing Manager", "Accounting Manager", "Sales Manager", "Purchasing Agent", "Sales Associate");

    static final List<String> STREETS = List.of("Obere Str.", "Avda. de la Constitución", "Hanover Sq.",
            "Berguvsvägen", "place Kléber", "Rue des Bouchers", "Tsawassen Blvd.", "Cerrito", "Hauptstr.",
            "Av. dos Lusíadas", "Walserweg", "King George", "Kirchgasse", "Rua Orós", "Berliner Platz",
            "Via Monte Bianco", "Rambla de Cataluña", "Baker Blvd.", "Rua do Paço", "Main St.", "Maubelstr.");

    private Geography() {
    }

    static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A value in the shape of {@code pattern}: {@code #} becomes a digit, {@code @} an upper-case letter. */
    static String fill(SplittableRandom random, String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            out.append(c == '#' ? (char) ('0' + random.nextInt(10)) : c == '@' ? (char) ('A' + random.nextInt(26)) : c);
        }
        return out.toString();
    }
}
