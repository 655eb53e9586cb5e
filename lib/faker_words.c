/* faker_words: our own word lists for the faker formatters. */
#include "compat.h"

#include "faker_words.h"

#define LIST(name, ...)                                               \
 static const char *const name##_items[] = { __VA_ARGS__ };           \
 const struct faker_words_list faker_words_##name = {                 \
	 name##_items, sizeof(name##_items) / sizeof(name##_items[0]) \
 }

/* Tasting-note vocabulary stands in for lorem ipsum. */
LIST(lorem, "oak", "cherry", "plum", "tannin", "velvet", "crisp", "mineral",
     "earthy", "bright", "silky", "bold", "dry", "sweet", "acidity", "finish",
     "nose", "palate", "bouquet", "vintage", "cellar", "barrel", "cask", "vine",
     "grape", "harvest", "terroir", "slope", "river", "valley", "sun", "rain",
     "stone", "chalk", "clay", "flint", "smoke", "leather", "tobacco",
     "vanilla", "spice", "pepper", "clove", "honey", "citrus", "lemon", "peach",
     "apricot", "pear", "apple", "quince", "melon", "fig", "raisin",
     "blackberry", "raspberry", "currant", "violet", "rose", "herb", "mint",
     "sage", "thyme", "olive", "cedar", "pine", "toast", "brioche", "butter",
     "cream", "almond", "hazelnut", "cocoa", "coffee", "caramel", "jam", "ripe",
     "young", "aged", "lively", "round", "supple", "firm", "lean", "rich",
     "juicy", "fresh", "elegant", "rustic", "complex", "balanced", "long",
     "light", "full", "deep", "pale", "golden", "ruby", "garnet", "amber",
     "straw", "glass", "cork", "bottle", "decanter", "table", "feast",
     "evening", "summer", "autumn", "winter", "spring", "note", "hint", "touch",
     "layer", "whisper", "promise", "memory", "story", "estate", "blend",
     "reserve", "classic", "noble", "gentle", "wild", "quiet", "warm", "cool",
     "soft", "smooth", "with", "and", "of", "the", "in", "over", "under",
     "after", "before", "beside", "a", "its", "some");

LIST(first_male, "Adrien", "Albert", "Amos", "Anton", "Arlo", "Basil", "Bruno",
     "Caspar", "Cedric", "Clement", "Cyril", "Dario", "Declan", "Edgar",
     "Elias", "Emil", "Felix", "Florian", "Gaspard", "Gideon", "Hugo",
     "Ignatius", "Isaac", "Jasper", "Joel", "Jules", "Kasimir", "Laurent",
     "Leon", "Lucian", "Magnus", "Marius", "Matteo", "Milo", "Nico", "Noel",
     "Oscar", "Otto", "Pascal", "Quentin", "Rafael", "Remy", "Roland", "Rufus",
     "Silas", "Stellan", "Tobias", "Ulric", "Valentin", "Victor", "Wendel",
     "Xavier", "Yannick", "Zeno");

LIST(first_female, "Ada", "Agathe", "Alma", "Amelie", "Anouk", "Beatrix",
     "Camille", "Cecile", "Clara", "Delphine", "Edith", "Elodie", "Elsa",
     "Esme", "Fleur", "Frida", "Gemma", "Greta", "Hazel", "Helene", "Ida",
     "Ines", "Iris", "Josephine", "Juno", "Lena", "Liesel", "Lucia", "Lydia",
     "Mae", "Margaux", "Marthe", "Mila", "Nadia", "Nora", "Odile", "Olive",
     "Paloma", "Pia", "Rosalie", "Ruth", "Sabine", "Solene", "Stella", "Tess",
     "Ursula", "Vera", "Viola", "Wilma", "Ximena", "Yvette", "Zoe");

LIST(last, "Abernathy", "Aldridge", "Ashdown", "Barrowclough", "Beaumont",
     "Bellweather", "Blackwood", "Brambleton", "Carrow", "Castellane",
     "Chalkley", "Corbin", "Crane", "Dalloway", "Delacroix", "Dunmore",
     "Eastwick", "Ellery", "Fairbanks", "Fenwick", "Foxhall", "Garrick",
     "Greaves", "Hallworth", "Hartigan", "Hazelby", "Holloway", "Inglewood",
     "Ives", "Jarrow", "Kettering", "Kingsley", "Lachance", "Larkspur",
     "Lindqvist", "Lockhart", "Marchetti", "Merriweather", "Montclair",
     "Moreau", "Northcott", "Oakridge", "Ormsby", "Pemberton", "Penhallow",
     "Quillon", "Ravensworth", "Redfern", "Rochefort", "Rosethorn",
     "Saltonstall", "Sandoval", "Sauvage", "Thistlewood", "Thornbury",
     "Underhill", "Valcourt", "Vanterpool", "Verlaine", "Waverley", "Westbrook",
     "Whitlock", "Winterbourne", "Wolcott", "Yardley", "Zell");

LIST(title_male, "Mr.", "Dr.", "Prof.");
LIST(title_female, "Mrs.", "Ms.", "Miss", "Dr.", "Prof.");
LIST(suffix, "Jr.", "Sr.", "I", "II", "III", "IV", "V", "MD", "PhD");

LIST(company_suffix, "Vineyards", "Cellars", "Estate", "Wines", "and Sons",
     "Winery", "Vintners", "Group", "Co.", "Ltd", "LLC", "Inc");

LIST(job, "Sommelier", "Cellar Master", "Winemaker", "Vineyard Manager",
     "Grape Picker", "Cooper", "Oenologist", "Bottling Technician",
     "Tasting Room Host", "Wine Buyer", "Export Manager", "Viticulturist",
     "Harvest Intern", "Lab Technician", "Estate Director", "Accountant",
     "Truck Driver", "Label Designer", "Marketing Lead", "Barrel Broker");

LIST(catch_adjective, "Hand-picked", "Slow-aged", "Sun-kissed", "Estate-grown",
     "Barrel-fermented", "Small-batch", "Old-vine", "Unfiltered",
     "Cool-climate", "Terraced", "Organic", "Time-honoured", "Bold", "Gentle",
     "Family-run", "Award-winning");

LIST(catch_noun, "harvest", "vintage", "blend", "reserve", "cellar", "terroir",
     "tradition", "craft", "heritage", "selection", "cuvee", "pressing",
     "estate", "slope", "valley", "promise");

LIST(city_prefix, "North", "South", "East", "West", "New", "Port", "Lake",
     "Mount", "Saint", "Old", "Upper", "Lower");

LIST(city_root, "Vine", "Oak", "Cask", "Cellar", "Stone", "Chalk", "Cork",
     "Barrel", "Cherry", "Plum", "Grape", "Harvest", "Press", "Amber", "Ruby",
     "Gold", "Clay", "Flint", "Cedar", "Sage");

LIST(city_suffix, "ville", "ton", "burg", "field", "ford", "haven", "port",
     "dale", "mouth", "side", "view", "wood", "bury", "stead");

LIST(street_suffix, "Street", "Avenue", "Road", "Lane", "Way", "Drive", "Court",
     "Place", "Boulevard", "Terrace", "Row", "Hill", "Path");

LIST(state, "Alabama", "Alaska", "Arizona", "Arkansas", "California",
     "Colorado", "Connecticut", "Delaware", "Florida", "Georgia", "Hawaii",
     "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
     "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
     "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
     "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
     "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
     "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
     "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin",
     "Wyoming");

LIST(state_abbr, "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA",
     "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI",
     "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
     "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA",
     "WA", "WV", "WI", "WY");

/* Wine-growing countries first; the pair lists line up entry by entry. */
LIST(country, "France", "Italy", "Spain", "Portugal", "Germany", "Austria",
     "Hungary", "Greece", "Georgia", "Switzerland", "Slovenia", "Croatia",
     "Romania", "Bulgaria", "Moldova", "Lebanon", "Israel", "Turkey",
     "South Africa", "Australia", "New Zealand", "Chile", "Argentina",
     "Uruguay", "Brazil", "United States of America", "Canada", "Mexico",
     "China", "Japan", "India", "England", "Ireland", "Norway", "Sweden",
     "Denmark", "Netherlands", "Belgium", "Luxembourg", "Czechia", "Poland",
     "Morocco", "Tunisia", "Egypt", "Peru", "Bolivia");

LIST(country_code, "FR", "IT", "ES", "PT", "DE", "AT", "HU", "GR", "GE", "CH",
     "SI", "HR", "RO", "BG", "MD", "LB", "IL", "TR", "ZA", "AU", "NZ", "CL",
     "AR", "UY", "BR", "US", "CA", "MX", "CN", "JP", "IN", "GB", "IE", "NO",
     "SE", "DK", "NL", "BE", "LU", "CZ", "PL", "MA", "TN", "EG", "PE", "BO");

LIST(currency, "EUR", "USD", "GBP", "CHF", "JPY", "AUD", "NZD", "CAD", "CLP",
     "ARS", "ZAR", "HUF", "CZK", "SEK", "NOK", "DKK", "PLN", "BRL", "MXN");

LIST(tld, "com", "net", "org", "info", "biz", "io", "wine", "vin");

LIST(free_email, "gmail.com", "yahoo.com", "hotmail.com", "outlook.com",
     "proton.me");

LIST(color, "Burgundy", "Claret", "Bordeaux", "Garnet", "Ruby", "Crimson",
     "Maroon", "Plum", "Amethyst", "Rose", "Blush", "Salmon", "Coral", "Amber",
     "Gold", "Straw", "Champagne", "Ivory", "Olive", "Sage", "Moss", "Slate",
     "Charcoal", "Cork", "Oak", "Walnut", "Chestnut", "Copper", "Honey",
     "Lemon");

LIST(safe_color, "black", "maroon", "green", "navy", "olive", "purple", "teal",
     "lime", "blue", "silver", "gray", "yellow", "fuchsia", "aqua", "white");

LIST(timezone, "UTC", "Europe/Paris", "Europe/Rome", "Europe/Madrid",
     "Europe/Lisbon", "Europe/Berlin", "Europe/Vienna", "America/New_York",
     "America/Los_Angeles", "America/Santiago", "America/Argentina/Mendoza",
     "Africa/Johannesburg", "Australia/Adelaide", "Pacific/Auckland",
     "Asia/Tokyo");

LIST(grape, "Merlot", "Cabernet Sauvignon", "Cabernet Franc", "Pinot Noir",
     "Syrah", "Grenache", "Tempranillo", "Sangiovese", "Nebbiolo", "Malbec",
     "Zinfandel", "Gamay", "Barbera", "Carmenere", "Mourvedre", "Chardonnay",
     "Sauvignon Blanc", "Riesling", "Chenin Blanc", "Viognier",
     "Gewurztraminer", "Pinot Gris", "Semillon", "Muscat", "Albarino",
     "Gruner Veltliner", "Furmint", "Assyrtiko", "Touriga Nacional",
     "Saperavi");

LIST(region, "Bordeaux", "Burgundy", "Champagne", "Rhone Valley",
     "Loire Valley", "Alsace", "Languedoc", "Rioja", "Ribera del Duero",
     "Priorat", "Tuscany", "Piedmont", "Veneto", "Sicily", "Mosel", "Rheingau",
     "Wachau", "Tokaj", "Douro", "Santorini", "Kakheti", "Napa Valley",
     "Sonoma", "Willamette Valley", "Finger Lakes", "Barossa Valley",
     "Margaret River", "Marlborough", "Central Otago", "Mendoza",
     "Maipo Valley", "Stellenbosch", "Bekaa Valley");

LIST(wine_type, "red", "white", "rose", "sparkling", "dessert", "fortified",
     "orange");

LIST(wine_noun, "Reserve", "Cuvee", "Selection", "Harvest", "Vintage", "Estate",
     "Clos", "Hillside", "Terraces", "Old Vines", "Cellar Door", "Barrel",
     "Moonrise", "Sundial", "Fox Run", "Stone Wall");

LIST(wine_adjective, "Grand", "Noble", "Silent", "Golden", "Crimson", "Wild",
     "Hidden", "Ancient", "Little", "High", "Secret", "Northern", "Southern",
     "Lone", "Twin", "Velvet");
