"""Bank descriptors turned into merchant names people recognize, and keys to match names by.

"SQ *BLUE BOTTLE COFFEE" -> "Blue Bottle Coffee"; "TRADER JOE'S #552 SAN FRANCISCO CA" -> "Trader Joe's".
Every pattern is compiled once, at import: the cleaner runs on every synced transaction.
"""

import re
import string
import unicodedata
from difflib import SequenceMatcher

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"

# What banks and card processors put in front of the merchant's name (matched on the lower-cased descriptor).
_LEAD = re.compile(
    r"^(?:(?:"
    r"purchase authori[sz]ed on \d{1,2}/\d{1,2}"
    r"|(?:checkcard|check card)(?: \d{4})?"
    r"|point of sale|pos|purchases?|purch|pur|recurring|card|debit|visa|mastercard|contactless|online"
    r"|international|intl|overseas|fuel purchase|direct debit|dd doordash|doordash|dd|digital payment"
    r"|(?:bill )?(?:payment|pmt)(?: \(\))?(?: to\b|:)|debit order|order|eft|ach|magtape|debicheck|naedo|internal"
    r"|apple pay|aplpay|google pay|gpay|\(effec ?\)|\d+[.,]\d\d|[x*]{2,}\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r")(?:[\s:\-]+|$)"
    r"|(?:paypal|doordash|google|yoco|zapper\d?|snapscan|payfast|dashpay|sumup|zettle|square|stripe|shopify"
    r"|paddle\.net|fastspring|clover|toast|ikhokha|payu"
    r"|(?!att\b)[a-z0-9]{1,3}"  # short processor codes: SQ *, TST*, PP*, SP *, IC*, Ikh* ...
    r") ?\*\s*)+"
)

# Where the name ends: store numbers, dates, card numbers, references, ACH details and legal suffixes. The
# location that usually follows a store number goes with it. Every branch starts at a space, "#" or "*".
_END = re.compile(
    r"[\s#*](?:"
    r"(?<=#)\s?\d"
    r"|#\s?\d"
    r"|(?:store|str|sto|unit|loc|no\.?)\s?#?\s?\d"
    r"|\d{3}"
    r"|\(\d{3}\)"
    r"|\*?\s?\d{1,2}\s" + _MONTH + r"\b"
    r"|\d{1,2}/\d{1,2}\b"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?:card|crd)(?:\s?(?:#|ending(?: in)?))?\s?[x*]*\d{4}\b|card no\b|\(card\b"
    r"|[x*]{2,}\d{4}|\.{2,}\d{4}"
    r"|(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{6,}\b"
    r"|(?<=\*)\s?(?=[a-z]*\d)[a-z0-9]{4,}\b"  # AMZN Mktp US*2K4RT5, AIRBNB * HMQ2X8Y4ZP
    r"|(?:des|id|indn|co id|web id|ref):|(?:ppd|ccd)\b"
    r"|\(?pty\)?\s?ltd\b|(?:llc|inc|ltd|limited|plc|gmbh|ltda)\b"
    r")"
)

_EMPTY_PARENS = re.compile(r"\(\s*\)")
_LETTER = re.compile(r"[^\W\d_]")
_EDGES = " -*:/.,#&+_"

_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
_REGIONS = _US_STATES | frozenset(
    "AB BC MB NB NL NS NT NU ON PE QC SK YT NSW VIC QLD TAS ACT "  # Canada, Australia
    "US USA GB GBR UK IE IRL NL NLD LU LUX DE DEU FR FRA ZA ZAF AU AUS CAN BR BRA NZ NZL".split()
)
_ZA_PROVINCE_CODE = re.compile(r"(?:GT|WC|KZ|EC|FS|LP|MP|NW|NC)ZA", re.IGNORECASE)

_CITIES = frozenset(
    (
        "new york|brooklyn|los angeles|san francisco|san jose|oakland|seattle|chicago|houston|dallas|austin|san antonio"
        "|phoenix|philadelphia|san diego|denver|boston|atlanta|miami|orlando|tampa|las vegas|portland|sacramento"
        "|nashville|charlotte|detroit|minneapolis|st louis|saint louis|kansas city|columbus|cleveland|pittsburgh"
        "|baltimore|washington|new orleans|salt lake city|raleigh|indianapolis|milwaukee|cincinnati|honolulu|anchorage"
        "|palo alto|east palo alto|mountain view|sunnyvale|santa clara|berkeley|cupertino|redmond|bellevue|jersey city"
        "|newark|london|manchester|birmingham|leeds|glasgow|edinburgh|bristol|liverpool|dublin|amsterdam|paris|berlin"
        "|madrid|luxembourg|johannesburg|cape town|durban|pretoria|sandton|centurion|randburg|midrand|sydney"
        "|melbourne|brisbane|perth|adelaide|toronto|vancouver|montreal|calgary|ottawa|sao paulo|rio de janeiro"
    ).split("|")
)
_CITY_ENDINGS = frozenset(city.rsplit(" ", 1)[-1] for city in _CITIES)

# After str.title(): short words that go back to lower or upper case.
_LOWER_WORDS = frozenset("and of the de du da n to for at on by".split())
_UPPER_WORDS = frozenset(
    "us usa uk atm amc ihop hbo ikea usps ups ymca nyc dmv irs aaa espn qvc abc nbc cbs la ee tv pc gnc".split()
)
_STREET_SUFFIXES = frozenset("st street ave av avenue blvd rd road dr hwy ln pkwy pl sq".split())
_NOT_ABBREVIATIONS = frozenset("mr mrs ms dr st mt ft jr sr rd ln".split())  # no vowel, but not read letter by letter
_VOWELS = frozenset("aeiouy0123456789")
_TITLE_ODDITIES = re.compile(r"'S\b|\.(?:Com|Net|Org|Io|Co)\b|(?<=\d)(?:St|Nd|Rd|Th)\b")

# Common bank spellings of brands, by merchant_key: the full key, then its first two words, then its first word.
_ALIASES = {
    "Amazon": "amzn mktp us|amzn mktp|amzn|amazon com|amazon marketplace|amazon mktplace|amznmktplace|amazon co uk",
    "Walmart": "wm supercenter|wal mart|walmart com|wmt|walmart supercenter",
    "Whole Foods Market": "wholefds|wholefds mkt|whole foods|whole foods market",
    "Uber": "uber trip|uber rides|uber bv",
    "Uber Eats": "uber eats|ubereats",
    "Lyft": "lyft ride|lyft rides",
    "Apple": "apple com bill|apple com|apple com bil|apple com bi|itunes com",
    "Netflix": "netflix com|netflix",
    "Spotify": "spotify usa|spotify ab|spotify",
    "McDonald's": "mcdonalds|mcdonald s|mcdonald",
    "Microsoft": "msft|microsoft",
    "PG&E": "pge|pgande|pgande web online|pge web online",
    "Comcast": "comcast|comcast cable",
    "CVS Pharmacy": "cvs pharmacy|cvs",
    "Shell": "shell oil|shell service",
    "Tesco": "tesco stores|tesco store",
    "Sainsbury's": "sainsburys|sainsburys s|j sainsbury",
    "Target": "target com|target t",
    "DoorDash": "doordash|dd doordash",
    "AT&T": "att|att bill payment",
    "Costco": "costco whse|costco wholesale",
    "eBay": "ebay|ebay com",
}
_ALIAS = {key: name for name, keys in _ALIASES.items() for key in keys.split("|")}
_ALIAS_FIRST_WORDS = frozenset(key.split()[0] for key in _ALIAS)

# merchant_key: apostrophes and "&" join their neighbours (AT&T -> att), any other punctuation separates words.
_KEY_TABLE = str.maketrans(
    {**dict.fromkeys(string.punctuation + string.whitespace, " "), "'": None, "’": None, "`": None, "&": None}
)


def merchant_key(name: str) -> str:
    """A key that matches however a bank spells a name: "Trader Joe's" and "TRADER JOES" both give "trader joes"."""
    return " ".join(key_words(name))


def key_words(text: str) -> list[str]:
    """The words of merchant_key(text)."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.translate(_KEY_TABLE).split()


# Words every kind of bank line has: sharing one says nothing about the payee.
_COMMON_WORDS = frozenset(
    "the and for from with card debit credit purchase payment pmt pos visa mastercard transfer online withdrawal "
    "deposit check cheque recurring direct ach bill store inc ltd llc corp company bank account acct savings "
    "checking ref".split()
)


def descriptions_alike(first: str, second: str) -> bool:
    """Whether two bank lines plausibly name the same payee, however each bank wrote it: a distinctive word in
    common, or mostly the same letters. A line with no distinctive words contradicts nothing."""
    a, b = _distinctive_words(first), _distinctive_words(second)
    if not a or not b or set(a) & set(b):
        return True
    return SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() >= 0.6


def _distinctive_words(description: str) -> list[str]:
    words = key_words(clean_merchant(description) or description)
    return [word for word in words if len(word) >= 3 and word not in _COMMON_WORDS and not word.isdigit()]


def clean_merchant(description: str) -> str:
    """The merchant's name from a bank descriptor, or "" when there is nothing usable."""
    text = " ".join(description.split())
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: positions would not line up
        lowered = text
    lead = _LEAD.match(lowered)
    if lead and lead.end() < len(text):  # keep the prefix rather than nothing
        text, lowered = text[lead.end() :], lowered[lead.end() :]
    end = _END.search(lowered)
    if end and end.start() > 0:
        text = text[: end.start()]
    if "(" in text:
        text = _EMPTY_PARENS.sub("", text)
    words = _drop_location(text.replace("*", " ").strip(_EDGES).split())
    name = " ".join(words)
    if not _LETTER.search(name):
        return ""
    return _alias(_title(words) if name.isupper() else name)


def _drop_location(words: list[str]) -> list[str]:
    """Drop a trailing state or country code, a known city before it and a street address before that."""
    if len(words) < 2:
        return words
    if words[-1] in _REGIONS or _ZA_PROVINCE_CODE.fullmatch(words[-1]):
        words = words[:-1]
    if words[-1].lower() in _CITY_ENDINGS:
        for size in (3, 2, 1):
            if len(words) > size and " ".join(words[-size:]).lower() in _CITIES:
                words = words[:-size]
                break
    return _drop_street(words)


def _drop_street(words: list[str]) -> list[str]:
    """Drop a trailing street address that starts with a number: "24TH ST", "1234 MAIN ST", "5 W 3RD AVE"."""
    if len(words) < 3 or words[-1].lower().rstrip(".") not in _STREET_SUFFIXES:
        return words
    for start in range(max(len(words) - 5, 1), len(words) - 1):
        if words[start][:1].isdigit():
            return words[:start]
    return words


def _title(words: list[str]) -> str:
    """Title case for a name the bank wrote in capitals, keeping abbreviations such as KFC, AT&T or US."""
    titled = []
    for position, word in enumerate(words):
        lower = word.lower()
        if lower in _UPPER_WORDS or ("&" in word and len(word) <= 5):
            titled.append(word)
        elif len(word) > 3:
            titled.append(word.title())
        elif lower in _LOWER_WORDS and position > 0:
            titled.append(lower)
        elif lower not in _NOT_ABBREVIATIONS and _VOWELS.isdisjoint(lower):
            titled.append(word)
        else:
            titled.append(word.title())
    name = " ".join(titled)
    return _TITLE_ODDITIES.sub(lambda match: match.group().lower(), name)


def _alias(name: str) -> str:
    first = key_words(name.split(None, 1)[0])
    if not first or first[0] not in _ALIAS_FIRST_WORDS:
        return name
    words = key_words(name)
    return _ALIAS.get(" ".join(words)) or _ALIAS.get(" ".join(words[:2])) or _ALIAS.get(words[0]) or name
