"""Word lists the demo draws people's names, company names, domains, descriptions and taglines from,
the customers Claygent names that are no company in the warehouse, and `slug`.
"""

import unicodedata


def _words(text: str) -> list[str]:
    return text.split()


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in text.split("|")]


FIRST_NAMES = _words("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra
Mark Ashley Donald Emily Steven Michelle Andrew Amanda Paul Melissa Joshua Deborah Kenneth Stephanie
Kevin Rebecca Brian Laura Timothy Sharon Ronald Cynthia Jason Kathleen George Amy Edward Angela Jacob
Anna Ryan Nicole Gary Emma Nicholas Olivia Eric Sophia Jonathan Hannah Stephen Chloe Larry Grace Justin
Julia Scott Claire Brandon Lucy Benjamin Charlotte Samuel Amelia Alexander Isabella Oliver Mia Harry
Ella Jack Freya Noah Ava Liam Zoe Lukas Lena Felix Marie Maximilian Leonie Jonas Hanna Leon Clara
Louis Camille Hugo Manon Lucas Chloé Arthur Léa Jules Inès Raphaël Sofía Mateo Lucía Diego Valentina
Javier Carmen Alejandro Elena Pablo Marta João Ana Pedro Beatriz Rahul Priya Arjun Ananya Vikram
Aditi Rohan Kavya Amit Neha Sanjay Deepika Wei Mei Jun Yan Hiroshi Yuki Kenji Sakura Min-jun Ji-woo
Ahmed Fatima Omar Layla Yusuf Amira Ali Noor Ivan Olga Dmitri Anastasia Søren Ingrid Lars Astrid
Erik Sigrid Mateus Gabriela Tiago Camila Kwame Amara Chinedu Zainab Daniela Francesca Marco Giulia
Luca Chiara Niamh Sean Aoife Ciaran Tariq Aisha Noa Yael Eitan Tamar
""")

LAST_NAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Turner Phillips Evans Parker Collins
Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward
Cox Richardson Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster
Patel Shah Sharma Singh Kumar Gupta Reddy Iyer Nair Mehta Chen Wang Zhang Liu Li Yang Huang Zhao Wu
Tanaka Suzuki Sato Takahashi Watanabe Kim Park Choi Jung Kang Müller Schmidt Schneider Fischer Weber
Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder Neumann Dubois Durand Lefebvre
Moreau Laurent Simon Michel Leroy Roux Fournier Girard Bonnet Rossi Russo Ferrari Esposito Bianchi
Romano Colombo Ricci Fernández González Rodríguez Sánchez Pérez Gómez Martín Jiménez Ruiz Díaz
Álvarez Moreno Muñoz Silva Santos Oliveira Souza Pereira Costa Carvalho Almeida Ferreira Andersson
Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Jensen Nielsen O'Brien O'Connor Murray
Byrne Walsh Cohen Levi Mizrahi Friedman Novak Kowalski Nowak Ivanov Petrov Okafor Mensah Adeyemi
Haddad Khan Hussain Ahmed Rahman Vandenberg DeVries Janssen Bakker Visser
""")

# Company names are "<Prefix> <Core>", "<Prefix><Ending>" or "<Prefix> <Middle> <Core>".
PREFIXES = _words("""
Acme Apex Arbor Atlas Aurora Beacon Birch Blue Bolt Brava Bright Brook Cadence Canopy Cascade Cedar
Clear Cobalt Comet Copper Coral Crest Crimson Crystal Delta Dune Echo Ember Emerald Everest Falcon
Fern Fjord Flint Forge Fox Frontier Garnet Glacier Golden Granite Green Harbor Hawk Helix Horizon
Indigo Iris Iron Ivory Jade Juniper Keystone Kinetic Lark Lattice Laurel Legacy Lumen Luna Lynx Maple
Marble Meridian Mesa Metro Nimbus Noble North Nova Oak Onyx Orbit Orchid Pacific Palm Peak Pine Pioneer
Pixel Polar Prairie Prism Pulse Quantum Quarry Quartz Radiant Raven Red Redwood Ridge River Rocket
Sable Sage Salt Sapphire Scarlet Sequoia Sierra Signal Silver Solar Sparrow Spruce Starling Sterling
Stone Summit Swift Tandem Teal Terra Thistle Tidal True Tundra Union Vale Vantage Vector Velvet
Verdant Vertex Violet Vista Willow Wolf Zenith Zephyr Alder Amber Anchor Aspen Bay Bison Cardinal
Citadel Clover Condor Cypress Drift Elm Flare Garden Grove Haven Heron Highland Hudson Ivy Kestrel
Lighthouse Lotus Magnet Mariner Meadow Mosaic Nexus Oasis Osprey Otter Pebble Pelican Quill Rain
Reef Rowan Saffron Shore Spring Stellar Thunder Topaz Trail Tulip Vivid Wave Wren Yarrow Baker's
Miller's Founders' Parker's Fisher's
""")
CORES = _words("""
Analytics Robotics Labs Systems Software Health Logistics Capital Foods Energy Media Networks Security
Cloud Data AI Bio Therapeutics Dynamics Solutions Technologies Works Partners Studio Ventures Digital
Mobility Payments Finance Insurance Realty Homes Learning Education Apparel Brands Markets Commerce
Supply Freight Aerospace Automation Devices Genomics Diagnostics Pharma Medical Care Wellness Fitness
Travel Hospitality Kitchen Coffee Brewing Farms Agritech Materials Manufacturing Industries Motors
Marine Solar Power Water Telecom Wireless Semiconductors Hardware Computing Intelligence Insights
Research Consulting Advisors Legal Recruiting Talent People Staffing Events Games Entertainment
Music Sports Outdoors Pets Beauty Cosmetics Home Design Architecture Construction Engineering
Infrastructure Ops Platforms Apps Interactive Creative Marketing Growth Sales Retail Goods
""")
MIDDLES = _words("""
River Peak Harbor Stone Field Bridge Wave Pine Oak Star Lake Hill Rock Wind Sky Leaf Path Gate Point
Forest Valley Cloud Spark Light Ridge Crest Brook Bay Port Line Works Mill Shore Land Rain Snow Sun
""")
ENDINGS = _words("ly ify io hub base flow stack wise loop ware scape works mint nest grid lab shift spot")
QUALIFIERS = _words("Global International Holdings Group Europe Americas Asia Pacific Worldwide Partners")
TLDS = {"com": 55, "io": 14, "co": 8, "ai": 7, "net": 5, "tech": 3, "app": 3, "dev": 2, "org": 3}
COUNTRY_TLDS = {
    "united kingdom": "co.uk", "germany": "de", "france": "fr", "canada": "ca", "india": "in",
    "australia": "com.au", "netherlands": "nl", "spain": "es", "sweden": "se", "brazil": "com.br",
    "singapore": "sg", "israel": "co.il", "ireland": "ie", "switzerland": "ch",
}  # fmt: skip
DOES = _phrases("builds|makes|runs|designs|operates|develops|delivers|sells")
WHAT = _phrases("software|a platform|tools|infrastructure|services|hardware|marketplaces|analytics|products")
FOR_WHOM = _phrases("""
mid-market finance teams|hospitals and clinics|independent retailers|logistics operators|
enterprise security teams|small businesses|developers|sales teams|manufacturers|
schools and universities|restaurants|real estate agents|insurers|recruiters|e-commerce brands|
field service teams""")
TAGLINES = _phrases("""
Built for what's next|Work smarter|The operating system for your business|Move faster together|
Data you can trust|Simple, secure, scalable|Growth, delivered|Made for teams|From idea to impact|
Less busywork, more results|Powering modern commerce|The future of work is here""")
# Names claygent reports for customers that are no company in the warehouse.
UNKNOWN_CUSTOMERS = _phrases("""
Globex Corporation|Initech|Umbrella Health|Hooli|Vandelay Industries|Soylent Foods|Wonka Industries|
Stark Manufacturing|Wayne Logistics|Cyberdyne Systems|Tyrell Corp|Gringotts Bank|Pied Piper|
Dunder Mifflin|Monsters, Inc.|Oceanic Airlines|Massive Dynamic|Prestige Worldwide|Aperture Science|
Bluth Company""")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    """`"Blue River Analytics"` -> `"blue-river-analytics"`, `"O'Brien"` -> `"obrien"`."""
    words = "".join(ch if ch.isalnum() else " " for ch in _ascii(text).lower().replace("'", ""))
    return "-".join(words.split())
