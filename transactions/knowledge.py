"""Built-in knowledge: well-known merchants and the words banks use, mapped to Plaid's detailed categories.

Step 4 of the pipeline (`known_category`) looks the words of the merchant name and the description up in one
dict compiled at import, over the phrases that can start at each word: the cost follows the length of the text,
not the size of the tables. Step 5 (`heuristic_category`) reads payroll-like deposits from their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from transactions.descriptors import clean_merchant, key_words


@dataclass(frozen=True)
class Guess:
    category: str  # a detailed PFC v2 code
    reason: str  # one short sentence a person understands


# How telling a match is; the strongest match wins (ties: see _beats). A fee is about the bank, whatever merchant
# the description names; banking wording such as "ATM" or "credit card payment" beats a shop's name; a chain's name
# beats a generic word such as "coffee"; payment apps and "transfer" are weakest because the merchant paid through
# them is more telling.
WEAK, WORD, MERCHANT, BANKING, FEE, FEE_KIND = range(1, 7)


class _Known(NamedTuple):
    """One row of knowledge: phrases and the category they mean for money out, money in and an unknown direction."""

    strength: int
    # "; "-separated; for a business, "Name|other spelling|..." matched as merchant keys ("!Name|...": the name is
    # only shown, because on its own it is also a first name or a word, such as Zara or Lime).
    phrases: str
    out: str | None
    into: str | None
    unknown: str | None = None  # default: `out`, else `into`
    kind: str = ""  # for a business, what it is: "a coffee shop" (the reason then names the business)


def _shops(code: str, kind: str, names: str, strength: int = MERCHANT) -> _Known:
    """Businesses of one kind; money in from them is a refund, so it keeps their category."""
    return _Known(strength, names, code, code, kind=kind)


def _same(strength: int, code: str, phrases: str) -> _Known:
    """Generic phrases whose category does not depend on the direction."""
    return _Known(strength, phrases, code, code)


# Bank fees. A fee is about the bank whatever else the description names, and a refunded fee is still a fee.
_FEES = [
    _same(
        FEE_KIND,
        "BANK_FEES_INSUFFICIENT_FUNDS",
        "insufficient funds; insufficient fund; insufficient funds fee; nsf; nsf fee; returned item; "
        "returned item fee; return item fee; unpaid item; unpaid item fee; returned payment fee; returned check fee; "
        "returned cheque fee; dishonour fee; dishonor fee; dishonoured payment; bounced check; bounced cheque; "
        "no funds; unpaid no funds; item unpaid",
    ),
    _same(
        FEE_KIND,
        "BANK_FEES_OVERDRAFT_FEES",
        "overdraft; overdraft fee; overdraft protection fee; overdraft charge; overdraft item fee; od fee; "
        "od item fee; overdrawn; "
        "overdrawn fee; unarranged overdraft; extended overdraft fee; continuous overdraft fee",
    ),
    _same(
        FEE_KIND,
        "BANK_FEES_ATM_FEES",
        "atm fee; atm fees; atm charge; atm surcharge; atm withdrawal fee; atm cash withdrawal fee; "
        "cash withdrawal fee; cash withdrawal charge; withdrawal fee; non network atm; foreign atm fee; "
        "atm service charge; atm transaction fee; atm operator fee; atm owner fee; balance enquiry fee; "
        "balance inquiry fee; non sterling cash fee",
    ),
    _same(
        FEE_KIND,
        "BANK_FEES_FOREIGN_TRANSACTION_FEES",
        "foreign transaction fee; foreign transaction; foreign exchange fee; foreign currency fee; fx fee; "
        "foreign fee; international transaction fee; intl transaction fee; non sterling transaction fee; "
        "non sterling; cross border fee; currency conversion fee; exchange rate fee",
    ),
    _same(
        FEE,
        "BANK_FEES_FOREIGN_TRANSACTION_FEES",
        "international processing fee; international processing; foreign exch; foreign exchange; international fee; "
        "intl fee",
    ),
    _same(
        FEE_KIND,
        "BANK_FEES_LATE_FEES",
        "late fee; late fees; late payment fee; late charge; late payment charge; late payment",
    ),
    _same(FEE_KIND, "BANK_FEES_CASH_ADVANCE", "cash advance fee; cash advance charge"),
    _same(
        FEE_KIND,
        "BANK_FEES_INTEREST_CHARGE",
        "interest charge; interest charged; interest charges; finance charge; finance charges; purchase interest; "
        "cash advance interest; interest on purchases; interest on debit balance; int on debit balance; "
        "debit interest; overdraft interest; od interest; interest on overdraft; interest charge on purchases",
    ),
    _same(
        FEE,
        "BANK_FEES_OTHER_BANK_FEES",
        "fee; fees; annual membership fee; service fee; service fees; service charge; service charges; monthly fee; "
        "monthly service fee; "
        "monthly maintenance fee; maintenance fee; account fee; account maintenance; monthly account fee; "
        "account maintenance fee; admin fee; admin charge; admin charges; administration fee; administration charge; "
        "annual fee; bank charge; bank charges; bank fee; bank fees; transaction charge; transaction charges; "
        "transaction fee; wire fee; wire transfer fee; statement fee; paper statement fee; notification fee; sms fee; "
        "stop payment fee; card replacement fee; replacement card fee; excess withdrawal fee; overlimit fee; "
        "over limit fee; overlimit charge",
    ),
]

# Money moving between the person's own accounts, to and from other people, and cash.
_TRANSFERS = [
    _same(
        BANKING,
        "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
        "credit card payment; credit card pmt; syf; syf paymnt; syf payment; credit card; credit crd; "
        "cr card payment; cr card; creditcard; "
        "cc payment; card repayment; credit card repayment; payment thank you; payment thank; payment thankyou; "
        "thank you for your payment; autopay payment thank; automatic payment thank; amex epayment; american express; "
        "amex; citi card; citicard; citi autopay; discover card; discover e payment; discover epayment; "
        "capital one card; capital one mobile pmt; capital one online pmt; capital one crcardpmt; capital one; "
        "chase credit crd; chase card; chase epay; applecard; apple card; barclaycard; synchrony; comenity; mbna",
    ),
    _same(WEAK, "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", "autopay; auto pay; epayment"),
    _Known(
        BANKING,
        "atm; atm withdrawal; atm cash; atm wd; cash withdrawal; cash machine; cashpoint; cardtronics; allpoint; "
        "teller withdrawal; counter withdrawal",
        "TRANSFER_OUT_WITHDRAWAL",
        "TRANSFER_IN_DEPOSIT",
    ),
    _Known(WEAK, "withdrawal; withdrawl; cash", "TRANSFER_OUT_WITHDRAWAL", None),
    _Known(
        WORD,
        "cash deposit; online deposit; mobile deposit; atm deposit; check deposit; cheque deposit; remote deposit; "
        "branch deposit; "
        "counter deposit; edeposit; e deposit; mobile check deposit",
        None,
        "TRANSFER_IN_DEPOSIT",
    ),
    _Known(WEAK, "deposit; deposits", None, "TRANSFER_IN_DEPOSIT"),
    _Known(
        WORD,
        "wire; wire transfer; wire trans; wire out; outgoing wire; wire in; incoming wire; intl wire; "
        "international wire; fedwire; swift transfer",
        "TRANSFER_OUT_WIRE",
        "TRANSFER_IN_WIRE",
    ),
    _Known(
        WORD,
        "from savings; from sav; transfer from savings; transfer from sav",
        "TRANSFER_OUT_SAVINGS",
        "TRANSFER_IN_SAVINGS",
        "TRANSFER_IN_SAVINGS",
    ),
    _Known(
        WORD,
        "savings; saving; sav; savings account; to savings; to sav; transfer to savings; transfer to sav; round up; "
        "roundup; round ups; keep the change; auto save; autosave; sweep; interest sweep; save the change; "
        "bank your change",
        "TRANSFER_OUT_SAVINGS",
        "TRANSFER_IN_SAVINGS",
    ),
    _Known(
        WORD,
        "investment; investments; invest; brokerage; 401k; 401 k; ira; roth; roth ira; retirement contribution; "
        "crypto; bitcoin; tfsa; tax free savings; rrsp; stocks and shares isa; isa; unit trust; unit trusts; "
        "treasury direct; treasurydirect",
        "TRANSFER_OUT_INVESTMENT_AND_RETIREMENT_FUNDS",
        "TRANSFER_IN_INVESTMENT_AND_RETIREMENT_FUNDS",
    ),
    _Known(
        WEAK,
        "transfer; transfers; xfer; trf; tfr; trnsfr; online transfer; internet transfer; mobile transfer; "
        "funds transfer; fund transfer; account transfer; bank transfer; book transfer; instant transfer; "
        "mobile banking; mobile payment; mobile pmt; online banking; transfer to; payment to; pmt to; app payment; "
        "banking app payment; app transfer; internet pmt; internet payment; standing order; immediate payment; p2p; "
        "send money; cash send; cashsend; instant money; e wallet; ewallet; rtc; interac; e transfer; etransfer; pix; "
        "pix enviado",
        "TRANSFER_OUT_ACCOUNT_TRANSFER",
        "TRANSFER_IN_ACCOUNT_TRANSFER",
    ),
    _Known(
        WEAK,
        "overdraft protection transfer; overdraft transfer; od protection transfer; overdraft protection xfer; "
        "transfer from; payment from; payment received; received from; realtime credit; pix recebido",
        "TRANSFER_OUT_ACCOUNT_TRANSFER",
        "TRANSFER_IN_ACCOUNT_TRANSFER",
        "TRANSFER_IN_ACCOUNT_TRANSFER",
    ),
    _Known(
        WEAK,
        "Venmo; Zelle; PayPal|paypal inst xfer|paypal transfer; Cash App|square cash; Apple Cash; Wise|transferwise; "
        "Revolut; Western Union; MoneyGram; Remitly; WorldRemit; Xoom; Popmoney; PayShap; Mercado Pago; PicPay",
        "TRANSFER_OUT_ACCOUNT_TRANSFER",
        "TRANSFER_IN_ACCOUNT_TRANSFER",
        kind="a payment app",
    ),
    _Known(
        MERCHANT,
        "Vanguard; Fidelity|fidelity investments; Charles Schwab|schwab; E*TRADE|etrade; TD Ameritrade; Robinhood; "
        "Webull; Interactive Brokers; !Merrill|merrill edge|merrill lynch; Edward Jones; Betterment; Wealthfront; "
        "Acorns; Stash|stash invest|stash capital; M1 Finance; Coinbase; Kraken; Binance; Crypto.com; Luno; VALR; "
        "EasyEquities|easy equities; Satrix; Allan Gray; Wealthsimple; Questrade; Trading 212; Freetrade; "
        "Hargreaves Lansdown; AJ Bell; Nutmeg; Moneybox; Raiz; CommSec; XP Investimentos",
        "TRANSFER_OUT_INVESTMENT_AND_RETIREMENT_FUNDS",
        "TRANSFER_IN_INVESTMENT_AND_RETIREMENT_FUNDS",
        kind="an investment platform",
    ),
]

# Loans: money in is the loan, money out repays it.
_LOANS = [
    _Known(BANKING, "cash advance", "LOAN_DISBURSEMENTS_CASH_ADVANCES", "LOAN_DISBURSEMENTS_CASH_ADVANCES"),
    _Known(
        WORD,
        "loan; loans; loan payment; loan pmt; loan repayment; loan repay; installment loan",
        "LOAN_PAYMENTS_OTHER_PAYMENT",
        "LOAN_DISBURSEMENTS_OTHER_DISBURSEMENT",
    ),
    _Known(
        WORD,
        "personal loan; personal loan payment; LendingClub; lending club; Upstart; Prosper; Avant; Best Egg; Oportun; "
        "OneMain; one main financial; Capfin; African Bank",
        "LOAN_PAYMENTS_PERSONAL_LOAN_PAYMENT",
        "LOAN_DISBURSEMENTS_PERSONAL",
    ),
    _Known(
        WORD,
        "student loan; student loans; stdnt loan; studnt loan; student ln; navient; nelnet; mohela; sallie mae; "
        "fedloan; fed loan servicing; aidvantage; edfinancial; dept of education; dept education; "
        "department of education; us dept of ed; student loans company; nslsc",
        "LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT",
        "LOAN_DISBURSEMENTS_STUDENT",
    ),
    _Known(
        WORD,
        "auto loan; car loan; car payment; vehicle finance; vehicle loan; auto finance; toyota financial; "
        "toyota motor credit; tmcc; honda financial; american honda finance; ford credit; ford motor credit; "
        "gm financial; gmfinancial; nissan motor acceptance; nissan finance; hyundai motor finance; hyundai capital; "
        "kia finance; kia motors finance; ally auto; santander consumer; chrysler capital; carmax auto finance; "
        "capital one auto; capital one auto finance; wesbank; vw credit; volkswagen credit; vw financial; "
        "bmw financial; mercedes benz financial; subaru motors finance; lexus financial; westlake financial; "
        "credit acceptance; exeter finance; bridgecrest",
        "LOAN_PAYMENTS_CAR_PAYMENT",
        "LOAN_DISBURSEMENTS_AUTO",
    ),
    _Known(
        WORD,
        "mortgage; mtg; home mtg; home mortgage; mortgage payment; mortgage pmt; mtg pmt; mtg payment; home loan; "
        "home loan repayment; "
        "bond repayment; rocket mortgage; quicken loans; mr cooper; wf home mtg; wells fargo home mortgage; "
        "chase mortgage; chase home finance; pennymac; loancare; shellpoint; newrez; freedom mortgage; nationstar; "
        "flagstar; ocwen; phh mortgage; cenlar; dovenmuehle; lakeview loan servicing; roundpoint; "
        "us bank home mortgage; bac home loans; sa home loans",
        "LOAN_PAYMENTS_MORTGAGE_PAYMENT",
        "LOAN_PAYMENTS_MORTGAGE_PAYMENT",
    ),
    _Known(
        WEAK,
        "Affirm; Klarna; Afterpay; Clearpay; Sezzle; Zip Pay|zip co|zippay|quadpay; PayJustNow; Payflex; Mobicred; "
        "Laybuy; Humm; Splitit; pay in 4",
        "LOAN_PAYMENTS_OTHER_PAYMENT",
        "LOAN_DISBURSEMENTS_BNPL",
        kind="a buy-now-pay-later lender",
    ),
    _Known(
        MERCHANT,
        "EarnIn|earnin; Brigit; MoneyLion; Klover; FloatMe",
        "LOAN_PAYMENTS_EWA",
        "LOAN_DISBURSEMENTS_EWA",
        kind="an earned-wage-advance app",
    ),
]

# Income. Only money in counts: "payroll" on money out is an employer's bill, not this person's pay.
_INCOME = [
    _Known(
        WORD,
        "payroll; salary; salaries; wages; wage; paycheck; pay check; paycheque; direct dep; direct deposit; dir dep; "
        "dir deposit; directdep; dirdep; net pay; payroll deposit; salary credit; adp; paychex; gusto; trinet; "
        "justworks; paylocity; paycom; dayforce; insperity",
        None,
        "INCOME_SALARY",
    ),
    _Known(
        WORD,
        "interest; intrst; int paid; interest paid; interest payment; interest credit; credit interest; "
        "interest earned; int earned; interest income; interest capitalised; interest capitalized; savings interest; "
        "bonus interest; int on credit balance; interest on credit balance",
        "BANK_FEES_INTEREST_CHARGE",
        "INCOME_INTEREST_EARNED",
    ),
    _Known(
        WORD,
        "dividend; dividends; qualified dividend",
        "TRANSFER_OUT_INVESTMENT_AND_RETIREMENT_FUNDS",
        "INCOME_DIVIDENDS",
    ),
    _Known(
        WORD,
        "unemployment; unemployment benefits; unemployment insurance; uif; jobseeker; jobseekers allowance; "
        "employment insurance; universal credit",
        None,
        "INCOME_UNEMPLOYMENT",
    ),
    _Known(
        WORD,
        "pension; pensions; annuity; social security; soc sec; ssa treas; ssa; state pension; retirement; calpers; "
        "calstrs; canada pension plan",
        "TRANSFER_OUT_INVESTMENT_AND_RETIREMENT_FUNDS",
        "INCOME_RETIREMENT_PENSION",
    ),
    _Known(
        WORD,
        "disability; disability benefit; disability benefits; ssdi; ssi; workers comp; workers compensation",
        None,
        "INCOME_LONG_TERM_DISABILITY",
    ),
    _Known(WORD, "dfas; military pay; mil pay", None, "INCOME_MILITARY"),
    _Known(WORD, "child support; childsupport; child supp; state disbursement unit", None, "INCOME_CHILD_SUPPORT"),
    _Known(WORD, "rental income; rent received", None, "INCOME_RENTAL"),
    _Known(
        WORD,
        "upwork; fiverr; uber driver; lyft driver; doordash dasher; dasher; instacart shopper",
        "GENERAL_SERVICES_OTHER_GENERAL_SERVICES",
        "INCOME_GIG_ECONOMY",
    ),
    _Known(
        WORD,
        "rewards; reward redemption; rewards redemption; cash rewards; cashback reward; cash back reward; "
        "redemption credit; stimulus; economic impact payment; sassa; child benefit; tax credit",
        None,
        "INCOME_OTHER",
    ),
    _Known(
        WORD,
        "tax refund; tax ref; tax rfd; taxrfd; irs treas; treas 310; irs treas 310; federal tax refund; "
        "state tax refund",
        "GOVERNMENT_AND_NON_PROFIT_TAX_PAYMENT",
        "INCOME_TAX_REFUND",
        "INCOME_TAX_REFUND",
    ),
]

# Food and drink: chains first, then the words restaurants and shops put in their names.
_FOOD_CHAINS = [
    _shops(
        "FOOD_AND_DRINK_COFFEE",
        "a coffee shop",
        "Starbucks|sbux; Dunkin'|dunkin donuts|dunkin donut; Tim Hortons|tim horton; "
        "Peet's Coffee|peets|peets coffee; Costa Coffee; Caffè Nero|caffe nero|cafe nero; Pret A Manger|pret; "
        "Blue Bottle Coffee|blue bottle; Philz Coffee|philz; Dutch Bros|dutch bros coffee|dutch brothers; "
        "Caribou Coffee; The Coffee Bean & Tea Leaf|coffee bean tea leaf|coffee bean; Biggby Coffee|biggby; "
        "Scooter's Coffee|scooters coffee; Black Rifle Coffee; Second Cup; Gloria Jean's|gloria jeans; "
        "The Coffee Club|coffee club; Vida e Caffè|vida e caffe; Seattle Coffee Company|seattle coffee; "
        "Mugg & Bean|mugg bean|mugg and bean; Bootlegger Coffee|bootlegger; Bean There Coffee|bean there; Nespresso; "
        "Espresso House; Joe & the Juice|joe the juice; Juan Valdez; Tully's Coffee|tullys; Intelligentsia; "
        "Stumptown; La Colombe; Ritual Coffee; Verve Coffee; Gregorys Coffee; Blank Street; McCafe",
    ),
    _shops(
        "FOOD_AND_DRINK_FAST_FOOD",
        "a fast-food chain",
        "McDonald's|mcdonalds|mcdonald|mc donalds|mcd; Burger King|burgerkin|burger kin; Wendy's|wendys; Taco Bell; "
        "KFC|kentucky fried chicken; Chick-fil-A|chickfila|chick fil a; Subway; "
        "Chipotle|chipotle mex grill|chipotle mexican grill|chipotle online; Popeyes|popeyes louisiana; Arby's|arbys; "
        "Sonic Drive-In|sonic drive in|sonic drivein; Jack in the Box; Carl's Jr|carls jr; Hardee's|hardees; "
        "In-N-Out Burger|in n out; Five Guys; Shake Shack; Whataburger; Culver's|culvers; Dairy Queen|dq grill; "
        "Panda Express; Panera Bread|panera; Domino's|dominos|dominos pizza; Pizza Hut; Papa John's|papa johns; "
        "Little Caesars; Jimmy John's|jimmy johns; Jersey Mike's|jersey mikes; Firehouse Subs; Wingstop; "
        "Raising Cane's|raising canes; Zaxby's|zaxbys; Bojangles; Qdoba; "
        "Moe's Southwest Grill|moes southwest grill|moes southwest; Del Taco; El Pollo Loco; White Castle; "
        "Checkers Drive-In|checkers drive in; Church's Chicken|churchs chicken; Long John Silver's|long john silvers; "
        "Steak 'n Shake|steak n shake; Sweetgreen; Cava; Noodles & Company|noodles company; Potbelly; Krispy Kreme; "
        "Greggs; Nando's|nandos; Itsu; Wimpy; Steers; Debonairs Pizza|debonairs; Fishaways; Chicken Licken; "
        "Roman's Pizza|romans pizza; Galito's|galitos; Hungry Lion; Mochachos; Pedros; Hungry Jack's|hungry jacks; "
        "Red Rooster; Guzman y Gomez|guzman y gomez; Oporto; Zambrero; Mary Brown's|mary browns; A&W; "
        "Harvey's|harveys; Quiznos; Papa Murphy's|papa murphys; Marco's Pizza|marcos pizza; "
        "Hungry Howie's|hungry howies; Habib's|habibs; Giraffas; Jollibee; Pollo Tropical; Taco John's|taco johns; "
        "Taco Cabana; Smashburger; Fatburger; Captain D's|captain ds; Portillo's|portillos; Boston Market; "
        "Baja Fresh; Rubio's|rubios; Wienerschnitzel; Freddy's Frozen Custard|freddys; Cook Out|cookout; "
        "!Krystal|krystal burgers|krystal co; "
        "Tropical Smoothie Cafe|tropical smoothie; Einstein Bros|einstein bagels; Au Bon Pain; Which Wich; "
        "McAlister's Deli|mcalisters; Schlotzsky's|schlotzskys; Jason's Deli|jasons deli; Sbarro; Tim Ho Wan; Chopt; "
        "Dig Inn; Tender Greens; Mendocino Farms; Honeygrow; Burger Fuel|burgerfuel; Lord of the Fries; "
        "Subway Sandwiches",
    ),
    _shops(
        "FOOD_AND_DRINK_FAST_FOOD",
        "a food delivery service",
        "DoorDash|doordash dashpass; Uber Eats|ubereats|uber eats; Grubhub; Postmates; Seamless; Caviar; Deliveroo; "
        "Just Eat|justeat; Menulog; SkipTheDishes|skip the dishes; Mr D Food|mr d food|mr d|mrd; iFood; Rappi; "
        "Bolt Food; Glovo; Wolt; Foodpanda; Swiggy; Zomato; Gopuff|go puff",
        WORD,
    ),
    _shops(
        "FOOD_AND_DRINK_RESTAURANT",
        "a restaurant chain",
        "Applebee's|applebees; Chili's|chilis; Olive Garden; Red Lobster; Outback Steakhouse|outback; "
        "Texas Roadhouse; IHOP; Denny's|dennys; Cracker Barrel; Buffalo Wild Wings|bww; TGI Fridays|tgi friday|tgif; "
        "Red Robin; The Cheesecake Factory|cheesecake factory; P.F. Chang's|pf changs; "
        "LongHorn Steakhouse|longhorn steakhouse; Waffle House; Bob Evans; "
        "!Perkins|perkins restaurant|perkins family restaurant; Ruby Tuesday; Hooters; "
        "BJ's Restaurant|bjs restaurant|bjs restaurants; Maggiano's|maggianos; Carrabba's|carrabbas; Bonefish Grill; "
        "Ruth's Chris|ruths chris; Benihana; Dave & Buster's|dave busters; Golden Corral; Cheddar's|cheddars; "
        "Twin Peaks; Yard House; California Pizza Kitchen|cpk; Wagamama; PizzaExpress|pizza express; Zizzi; Prezzo; "
        "Frankie & Benny's|frankie bennys; Harvester; Toby Carvery; Beefeater; "
        "Wetherspoon|jd wetherspoon|wetherspoons; Spur|spur steak ranches; Ocean Basket; RocoMamas|roco mamas; "
        "Panarottis; John Dory's|john dorys; Col'Cacchio|colcacchio; Primi Piatti; Hussar Grill; Tashas; "
        "The Keg|keg steakhouse; East Side Mario's|east side marios; Boston Pizza; Montana's|montanas; "
        "Earls Kitchen|earls; Cactus Club Cafe|cactus club; Moxie's|moxies; Swiss Chalet; Kelsey's|kelseys; Sizzler; "
        "Grill'd|grilld; Hog's Breath Cafe|hogs breath; Madero; Coco's; Marie Callender's|marie callenders; "
        "Friendly's|friendlys; Chuy's|chuys; On The Border; Bahama Breeze; Black Bear Diner; First Watch; "
        "Another Broken Egg; Snooze; Hopdoddy; Nobu; Hillstone; Houston's",
    ),
    _shops(
        "FOOD_AND_DRINK_OTHER_FOOD_AND_DRINK",
        "a dessert and snack chain",
        "Cinnabon; Baskin-Robbins|baskin robbins; Cold Stone Creamery|cold stone; Auntie Anne's|auntie annes; "
        "Insomnia Cookies; Crumbl|crumbl cookies; Nothing Bundt Cakes; Jamba|jamba juice; Smoothie King; "
        "Ben & Jerry's|ben jerrys; Häagen-Dazs|haagen dazs; Menchie's|menchies; Yogurtland; Pinkberry; "
        "!Kauai|kauai smoothies|kauai juice; "
        "Milky Lane; Wetzel's Pretzels|wetzels; Rita's Italian Ice|ritas; Sprinkles; Dippin' Dots|dippin dots; "
        "Carvel; Tous les Jours; Paris Baguette; Boost Juice; Gong Cha; Chatime; Kung Fu Tea; Tiger Sugar",
    ),
    _shops(
        "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
        "a liquor store",
        "BevMo; Total Wine|total wine more; ABC Fine Wine|abc fine wine; Spec's Wines|specs wines|specs liquor; "
        "Binny's|binnys; Liquor Barn; Majestic Wine; Oddbins; Tops at Spar|tops at spar; Liquor City; "
        "Norman Goodfellows; Ultra Liquors; Pick n Pay Liquor|pnp liquor|pick n pay liquor; "
        "Checkers LiquorShop|checkers liquorshop|checkers liquor; "
        "Shoprite LiquorShop|shoprite liquorshop|shoprite liquor; Makro Liquor; Dan Murphy's|dan murphys; BWS; "
        "Liquorland; First Choice Liquor; Bottle-O|bottle o; LCBO; SAQ; BC Liquor|bc liquor stores; "
        "The Beer Store|beer store; Drizly; Virgin Wines; Naked Wines; Wine.com|wine com; Vivino",
    ),
    _shops(
        "FOOD_AND_DRINK_GROCERIES",
        "a supermarket",
        "Kroger; Safeway; Albertsons; Publix; H-E-B|heb; Trader Joe's|trader joes|trader joe; "
        "Whole Foods Market|whole foods|wholefds|wholefds mkt|whole foods mkt; Aldi; Lidl; Food Lion; Giant Eagle; "
        "Giant Food; Stop & Shop|stop shop; Hannaford; Wegmans; ShopRite|shoprite checkers; Harris Teeter; "
        "Winn-Dixie|winn dixie; Ralphs; Vons; King Soopers; Fry's Food|frys food; Smith's Food|smiths food; "
        "Sprouts Farmers Market|sprouts|sprouts farmers; WinCo Foods|winco; Hy-Vee|hy vee|hyvee; Piggly Wiggly; "
        "Ingles; Food 4 Less|food4less; Jewel-Osco|jewel osco; Acme Markets; Shaw's|shaws; Market Basket; "
        "Save Mart|savemart; Stater Bros|stater bros; Grocery Outlet; Tom Thumb; Randalls; Smart & Final|smart final; "
        "The Fresh Market; Natural Grocers; Weis Markets|weis; Price Chopper; Tops Markets; Schnucks; Dierbergs; "
        "Cub Foods; Food City; Lowes Foods; Harmons; Raley's|raleys; Bashas; Instacart; FreshDirect|fresh direct; "
        "Amazon Fresh|amzn fresh; Vallarta Supermarkets|vallarta; !Cardenas|cardenas markets; El Super; "
        "Northgate Market; H Mart|hmart; "
        "99 Ranch|99 ranch market; Mariano's|marianos; Dillons; Pick 'n Save|pick n save; Meijer Grocery; "
        "Tesco|tesco stores|tesco store|tesco express|tesco extra; "
        "Sainsbury's|sainsburys|j sainsbury|js sainsbury|sainsburys s; Asda; Morrisons|wm morrison; "
        "Waitrose|waitrose partners; Co-op Food|co op food|coop food|the co operative|co operative food; Iceland; "
        "M&S Simply Food|ms simply food|m s simply food|m s food; Ocado; Farmfoods; "
        "Spar|superspar|kwikspar|spar express|eurospar|interspar; Nisa|nisa local; Londis; Budgens; Booths; "
        "Pick n Pay|pnp|picknpay|pick n pay; Checkers|checkers hyper|checkers sixty60|sixty60; "
        "Woolworths|woolies|woolworths food; Food Lover's Market|food lovers market|food lovers; "
        "Boxer Superstores|boxer; Usave; OK Foods|ok foods|ok grocer; Fruit & Veg City|fruit veg city; Choppies; "
        "Coles; IGA; Harris Farm; FoodWorks; Drakes; Loblaws; No Frills|nofrills; Sobeys; "
        "Save-On-Foods|save on foods; FreshCo; Food Basics; Zehrs; Fortinos; Provigo; Maxi; "
        "T&T Supermarket|tt supermarket; Farm Boy; Longo's|longos; Thrifty Foods; Carrefour; Albert Heijn; Jumbo; "
        "Rewe; Edeka; Kaufland; Penny Markt; Netto; Mercadona; Auchan; E.Leclerc|leclerc; Intermarché|intermarche; "
        "Monoprix; Franprix; Delhaize; Colruyt; Esselunga; Conad; Migros; Dia Supermercado|supermercados dia; Eroski; "
        "Biedronka; Billa; Pão de Açúcar|pao de acucar; Assaí|assai; Atacadão|atacadao; Zaffari; St Marche",
    ),
]

_FOOD_WORDS = [
    _same(
        WORD,
        "FOOD_AND_DRINK_COFFEE",
        "coffee; coffee shop; coffee house; coffeehouse; coffee bar; coffee roasters; cafe; caffe; cafes; cafeteria; "
        "espresso; roasters; roastery; tea room; tearoom; tea house; teahouse; kaffee; cafetaria",
    ),
    _same(
        WORD,
        "FOOD_AND_DRINK_FAST_FOOD",
        "fast food; burger; burgers; fried chicken; chicken; wings; hot dog; hot dogs; hotdog; drive thru; "
        "drive through; takeaway; takeaways; takeout; take out; take away; fish and chips; fish chips; fish n chips; "
        "chippy; kebab; kebabs; doner; shawarma; falafel; gyro; gyros; taco; tacos; taqueria; burrito; burritos; "
        "sub shop; sandwich; sandwiches; hoagie; food truck; food court; lanchonete; snack bar; bagel; bagels",
    ),
    _same(
        WORD,
        "FOOD_AND_DRINK_RESTAURANT",
        "restaurant; restaurants; restaurante; ristorante; resto; bistro; brasserie; grill; grille; bar grill; diner; "
        "tavern; pub; bar; sports bar; wine bar; beer garden; brewing; brewing company; brewery; brewpub; taproom; "
        "tap room; steakhouse; steak house; chophouse; kitchen; eatery; cantina; trattoria; osteria; pizzeria; pizza; "
        "pizza place; sushi; ramen; noodle; noodles; noodle house; pho; dim sum; bbq; barbecue; smokehouse; tapas; "
        "izakaya; curry; tandoori; masala; thai; brunch; buffet; oyster; oysters; seafood; crab; lobster; deli; "
        "delicatessen; catering; caterers; canteen; dining; roadhouse; saloon; cocktail; cocktails; lounge bar; "
        "nightclub; night club; biergarten; gastropub; churrascaria; rodizio; meze; mezze; poke; braai; shisanyama",
    ),
    _same(
        WORD,
        "FOOD_AND_DRINK_OTHER_FOOD_AND_DRINK",
        "bakery; bakeries; bakehouse; patisserie; boulangerie; padaria; baeckerei; backerei; pastry; pastries; donut; "
        "donuts; doughnut; doughnuts; ice cream; gelato; gelateria; frozen yogurt; froyo; creamery; dessert; "
        "desserts; cupcake; cupcakes; cake; cakes; cookies; cookie; candy; sweets; sweet shop; confectionery; "
        "chocolate; chocolates; chocolatier; juice; juice bar; juicery; smoothie; smoothies; boba; bubble tea; "
        "popcorn; pretzel; pretzels; snack; snacks",
    ),
    _same(WEAK, "FOOD_AND_DRINK_OTHER_FOOD_AND_DRINK", "food; foods; eats"),
    _same(WEAK, "FOOD_AND_DRINK_GROCERIES", "market; markets"),  # weak: "Liquor Market", "Flower Market"
    _same(
        WORD,
        "FOOD_AND_DRINK_GROCERIES",
        "grocery; groceries; grocer; grocers; grocery store; supermarket; supermarkets; supermercado; supermarche; "
        "supermarkt; food market; farmers market; fresh market; butcher; butchery; butchers; "
        "meat market; meats; fishmonger; fish market; seafood market; greengrocer; produce; fruit and veg; fruit veg; "
        "food store; food stores; asian market; mercado; hortifruti; acougue; organic market; health food store; "
        "meat; biltong",
    ),
    _same(
        WORD,
        "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR",
        "liquor; liquors; liquor store; liquor shop; liquorshop; wine; wines; wine shop; winery; vineyard; spirits; "
        "bottle shop; bottle store; bottlestore; bottleshop; beer; beers; off licence; booze; wine cellar",
    ),
    _same(
        WORD,
        "FOOD_AND_DRINK_VENDING_MACHINES",
        "vending; vending machine; vending machines; usa technologies; cantaloupe; snack machine",
    ),
]

# Shopping.
_SHOPS = [
    _shops(
        "GENERAL_MERCHANDISE_SUPERSTORES",
        "a superstore",
        "Walmart|wal mart|wm supercenter|walmart com|walmart supercenter|wmt|walmart store|walmart grocery; "
        "Target|target com|target t|target store; Costco|costco whse|costco wholesale|costco com; "
        "Sam's Club|sams club|samsclub; BJ's Wholesale|bjs wholesale|bjs wholesale club|bjs; Meijer; Fred Meyer; "
        "Makro; Real Canadian Superstore|real canadian superstore; Canadian Tire; Walmart Canada; Big W; Kmart|k mart",
    ),
    _shops(
        "GENERAL_MERCHANDISE_DISCOUNT_STORES",
        "a discount store",
        "Dollar General|dollar gen|dollar genera; Dollar Tree; Family Dollar; Five Below; Big Lots; "
        "Ollie's|ollies|ollies bargain; 99 Cents Only; Poundland; B&M Bargains|bm bargains|b m bargains|b m retail; "
        "Home Bargains; Poundstretcher; The Range; Wilko|wilkinson; PEP|pep stores; Crazy Store; Dollarama; "
        "Giant Tiger; The Reject Shop|reject shop; Tedi; Lojas Americanas|americanas; Goodwill|goodwill industries; "
        "Savers; Value Village; Salvation Army Thrift|salvation army family store; Hospice Shop; Ocean State Job Lot; "
        "Tuesday Morning; Gabe's|gabes; Roses Stores|roses discount",
    ),
    _shops(
        "GENERAL_MERCHANDISE_DEPARTMENT_STORES",
        "a department store",
        "Macy's|macys; Nordstrom|nordstrom rack; Kohl's|kohls; JCPenney|jcpenney|jc penney|jcp; Dillard's|dillards; "
        "Neiman Marcus; Saks Fifth Avenue|saks|saks off 5th; Bloomingdale's|bloomingdales; Belk; Sears; "
        "Boscov's|boscovs; Von Maur; John Lewis; Debenhams; House of Fraser; Selfridges; Harrods; Harvey Nichols; "
        "Fenwick; Marks & Spencer|marks and spencer|marks spencer|m s; Argos; Edgars; Stuttafords; David Jones; Myer; "
        "Hudson's Bay|hudsons bay|the bay; El Corte Inglés|el corte ingles; Galeries Lafayette; Printemps; KaDeWe; "
        "TJ Maxx|tjmaxx|tj maxx|tjx; TK Maxx|tkmaxx; Marshalls; Ross Stores|ross dress for less|ross stores; "
        "!Burlington|burlington coat factory|burlington stores; Century 21 Stores|century 21 dept; Winners; HomeSense",
    ),
    _shops(
        "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
        "a clothing store",
        "Gap|gap inc|gap outlet|gap com; Old Navy; Banana Republic; H&M|hm|h m; !Zara|zara usa|zara com|zara uk; "
        "Uniqlo; Forever 21; "
        "American Eagle|american eagle outfitters|ae outfitters; Abercrombie & Fitch|abercrombie|abercrombie fitch; "
        "!Hollister|hollister co; Urban Outfitters; Anthropologie; J.Crew|j crew|jcrew; Lululemon|lululemon athletica; "
        "Nike|nike com|nike store; Adidas; Puma; Under Armour; Foot Locker|footlocker; Famous Footwear; DSW; "
        "Payless ShoeSource|payless shoe; Skechers; Victoria's Secret|victorias secret; Primark; "
        "Next Retail|next directory|next plc; River Island; New Look; Topshop; ASOS|asos com; Boohoo; Shein; "
        "Carter's|carters; The Children's Place|childrens place; Men's Wearhouse|mens wearhouse; "
        "Jos. A. Bank|jos a bank; Express Inc; Loft|ann taylor loft; Ann Taylor; Talbots; Chico's|chicos; "
        "White House Black Market; Torrid; Lane Bryant; Madewell; Everlane; Levi's|levis; "
        "!Guess|guess inc|guess com|guess factory; Tommy Hilfiger; "
        "Ralph Lauren|polo ralph lauren; Calvin Klein; Michael Kors; !Coach|coach store|coach outlet|coach com; "
        "Kate Spade; Tory Burch; Fossil; Sunglass Hut; Pandora Jewelry|pandora jewellery|pandora jewelry; "
        "Tiffany & Co|tiffany co; Kay Jewelers|kay jewelers; Zales; !Jared|jared jewelers|jared the galleria; "
        "Swarovski; Claire's|claires; "
        "Mr Price|mrp|mr price clothing; Truworths; Foschini; Markham; Cotton On|cotton on; Ackermans; "
        "Woolworths Clothing|woolworths clothing; Totalsports; Superbalist; Zalando; Lojas Renner|renner; Riachuelo; "
        "Hering; Mango; Massimo Dutti; Bershka; Pull & Bear|pull bear; Stradivarius; JD Sports|jd sports; "
        "Dr. Martens|dr martens; Clarks; Crocs; Vans; Converse; Allbirds; Rothy's|rothys; Steve Madden; "
        "!Aldo|aldo shoes|aldo group; "
        "Journeys; Zappos; Stitch Fix|stitchfix; Rent the Runway; ThredUp; Poshmark; Vinted; Depop",
    ),
    _shops(
        "GENERAL_MERCHANDISE_ELECTRONICS",
        "an electronics store",
        "Best Buy|bestbuy|best buy com; Apple|apple store|apple com us|apple online store; Micro Center|microcenter; "
        "B&H Photo|bh photo|b h photo; Newegg; Currys|currys pc world|pc world; Incredible Connection; "
        "JB Hi-Fi|jb hi fi|jbhifi; Harvey Norman; The Good Guys|good guys; Samsung|samsung electronics; "
        "!Dell|dell com|dell technologies|dell inc; Lenovo; Sony|sony electronics; Fnac; MediaMarkt|media markt; "
        "Magazine Luiza|magalu; Casas Bahia; Ponto Frio; Kabum; Verizon Store; Canon; Logitech; Bose; GoPro; DJI; "
        "Garmin; Fitbit; Dyson; Anker; Google Store|google store|store google; Microsoft Store|microsoft store; "
        "Hi-Fi Corp|hifi corp|hi fi corp; Vodashop; Istore; Cellucity; Game Stores|game stores; Visions Electronics; "
        "The Source; Sony Center",
    ),
    _shops(
        "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES",
        "an online marketplace",
        "Amazon|amzn|amzn mktp|amzn mktp us|amazon com|amazon marketplace|amazon mktplace|amznmktplace|amazon co uk|"
        "amazon de|amazon ca|amazon com au|amazon retail|amazon prime|amzn prime|prime membership|amazon mktpl|"
        "amazon mktplce; "
        "eBay|ebay com|ebay inc; Etsy|etsy com; AliExpress; Alibaba; Temu; !Wish|wish com; "
        "Mercado Livre|mercadolivre|mercado libre|mercadolibre; Takealot|takealot com; Bol.com|bol com; Allegro; "
        "Rakuten; Shopee; Lazada; Catch.com.au|catch com au; Kogan; OnBuy; Bidorbuy|bob shop; Facebook Marketplace; "
        "OfferUp; Mercari; Gumtree; Craigslist; Walmart Marketplace; Newegg Marketplace; Flipkart; Trade Me|trademe",
    ),
    _shops(
        "GENERAL_MERCHANDISE_SPORTING_GOODS",
        "a sporting goods store",
        "Dick's Sporting Goods|dicks sporting goods|dicks sporting|dicks clothing; "
        "Academy Sports|academy sports outdoors; REI|rei com|rei co op; Bass Pro Shops|bass pro|bass pro shops; "
        "Cabela's|cabelas; Big 5 Sporting Goods|big 5 sporting; Decathlon; Sports Direct|sportsdirect; "
        "Sportsman's Warehouse|sportsmans warehouse; Rebel Sport; Sport Chek|sportchek; MEC|mountain equipment; "
        "Modell's|modells; Play It Again Sports; Golf Galaxy; PGA Tour Superstore|pga tour superstore; Scheels; "
        "Dunham's|dunhams; Hibbett|hibbett sports; Fanatics; Cape Union Mart; Outdoor Warehouse; "
        "Trek Bicycle|trek bikes; Backcountry; Moosejaw; Patagonia; The North Face|north face; "
        "Columbia Sportswear|columbia sportswear",
    ),
    _shops(
        "GENERAL_MERCHANDISE_PET_SUPPLIES",
        "a pet store",
        "Petco; PetSmart; Chewy|chewy com; Pets at Home; Petbarn; PetSense; Pet Supplies Plus; Petstock; Pet Valu; "
        "Pet Supermarket; Petland; Pet Food Express; Pet Zone; Petshop Science",
    ),
    _shops(
        "GENERAL_MERCHANDISE_OFFICE_SUPPLIES",
        "an office supplies store",
        "Staples; Office Depot|officemax|office max|office depot officemax; Officeworks; Ryman; CNA; Waltons; "
        "Viking Direct; Bureau en Gros; Kalunga; Paper Source; Vistaprint; Moo Print|moo com",
    ),
    _shops(
        "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS",
        "a bookstore",
        "Barnes & Noble|barnes noble|bn com|barnes and noble; Books-A-Million|books a million; Waterstones; "
        "WHSmith|wh smith|whsmith; Exclusive Books; Indigo Books|chapters indigo|indigo chapters; Dymocks; "
        "Half Price Books; Powell's Books|powells books|powells; Hudson News|hudson group; "
        "Kindle|amazon kindle|kindle svcs|kindle unltd|kindle unlimited; Blackwell's|blackwells; Foyles; "
        "Bookshop.org|bookshop org; Book Depository; Booktopia; Scribd; Kobo|rakuten kobo; "
        "Audible|audible com|audible inc",
    ),
    _shops(
        "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS",
        "a news subscription",
        "New York Times|nytimes|ny times|nyt; Wall Street Journal|wsj|dow jones; Washington Post|washpost; "
        "The Economist|economist; The Atlantic; The New Yorker|new yorker; Financial Times|ft com; "
        "The Guardian|guardian news; The Times; Medium|medium com|medium corporation; Substack; Apple News; News24; "
        "Business Day; Los Angeles Times|la times; Boston Globe; Bloomberg|bloomberg com; Reuters",
    ),
    _shops(
        "GENERAL_MERCHANDISE_CONVENIENCE_STORES",
        "a convenience store",
        "7-Eleven|7 eleven|seven eleven|7eleven|7 11; Wawa; Couche-Tard|couche tard; "
        "Mac's Convenience|macs convenience; Hasty Market; Stewart's Shops|stewarts shops; Royal Farms; "
        "Cumberland Farms; FamilyMart|family mart; OXXO; Costcutter; Premier Stores; McColl's|mccolls; "
        "Quickshop; Freshstop; Engen Quickshop|engen quickshop; OK Express|ok express; Shell Select; Kwik Shop",
    ),
    _shops(
        "GENERAL_MERCHANDISE_GIFTS_AND_NOVELTIES",
        "a gift shop",
        "Hallmark|hallmark cards; Party City; Spencer's|spencer gifts; Things Remembered; "
        "1-800-Flowers|1 800 flowers|1800flowers; FTD|ftd com; Teleflora; ProFlowers; Edible Arrangements; "
        "Interflora; Moonpig; Card Factory; Paperchase; Clintons; NetFlorist; Bloom & Wild|bloom wild; Funky Pigeon; "
        "Zazzle; Shutterfly; Snapfish; Cardstore; Minted",
    ),
    _shops(
        "GENERAL_MERCHANDISE_TOBACCO_AND_VAPE",
        "a tobacco and vape shop",
        "Juul|juul labs; Vuse; Cigars International|cigar international",
    ),
    _shops(
        "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
        "a store",
        "Michaels|michaels stores; Hobby Lobby; Joann|jo ann|joann fabrics; Toys R Us|toys r us|toysrus; "
        "Smyths|smyths toys; Build-A-Bear|build a bear; The Entertainer; Toy Kingdom; "
        "Bed Bath & Beyond|bed bath beyond; Buy Buy Baby|buybuy baby; Baby Bunting; Babies R Us|babies r us; "
        "Guitar Center; Sweetwater; Musician's Friend|musicians friend; Blick Art|dick blick; Hobbycraft; "
        "The Container Store|container store; Bath & Body Works|bath body works; Yankee Candle; Miniso; Daiso; "
        "Flying Tiger Copenhagen|flying tiger; Typo; Lego|lego store|lego com; Nintendo Store; Brookstone; "
        "Sharper Image; QVC; HSN; Lojas Cem",
    ),
]

_SHOP_WORDS = [
    _same(
        WORD,
        "GENERAL_MERCHANDISE_SUPERSTORES",
        "superstore; supercenter; supercentre; hypermarket; hypermarche; wholesale; wholesale club; warehouse club",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_DISCOUNT_STORES",
        "dollar store; discount store; discount; thrift; thrift store; thrift shop; pawn; pawn shop; pawnbroker; "
        "second hand; secondhand; charity shop; op shop; consignment; bargain; bargains; outlet; outlets; "
        "factory outlet",
    ),
    _same(WORD, "GENERAL_MERCHANDISE_DEPARTMENT_STORES", "department store; dept store; department stores"),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
        "clothing; clothes; apparel; fashion; fashions; boutique; shoes; shoe; shoe store; footwear; menswear; "
        "womenswear; lingerie; jewelry; jewellery; jewel; jewels; jewelers; jewellers; jeweler; jeweller; watches; "
        "handbags; accessories; tailors; alterations; uniforms; kids clothing; baby clothes; outfitters",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_ELECTRONICS",
        "electronics; electronic; computer; computers; computer store; cellular store; phone store; "
        "cell phone repair; phone repair; computer repair; camera; cameras; gadgets; appliances; appliance store",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES",
        "online shopping; marketplace; online store; online purchase; online shop; webshop; eshop; e shop",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_SPORTING_GOODS",
        "sporting goods; sports; sport; sports store; outdoor; outdoors; bike shop; bicycle; bicycles; bikes; cycles; "
        "cyclery; fishing; tackle; bait; hunting; guns; firearms; ammo; archery; ski shop; surf shop; golf shop; "
        "pro shop; camping",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_PET_SUPPLIES",
        "pet; pets; pet supplies; pet supply; pet food; pet store; pet shop; petshop; aquatics; feed store",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_OFFICE_SUPPLIES",
        "office supplies; office supply; stationery; stationers; stationer; printing; print shop; copy center; "
        "copies; ink; toner",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS",
        "books; book; bookstore; bookstores; bookshop; booksellers; bookseller; newsagent; newsagents; news; "
        "newsstand; magazine; magazines; newspaper; newspapers; comics; comic books; livraria",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_CONVENIENCE_STORES",
        "convenience; convenience store; conv store; minimart; mini mart; minimark; minimarket; mini market; "
        "corner store; corner shop; bodega; food mart; foodmart; express mart; kiosk; quick stop; quik stop; "
        "quickstop; general store; superette; spaza; tuck shop; 24 hour store",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_GIFTS_AND_NOVELTIES",
        "gift; gifts; gift shop; giftshop; souvenir; souvenirs; florist; florists; flowers; flower shop; flower; "
        "party supplies; party store; balloons; greeting cards; novelty; novelties; curios",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_TOBACCO_AND_VAPE",
        "tobacco; tobacconist; tobacconists; vape; vapes; vapor; vapour; vaping; vape shop; smoke shop; smoke shack; "
        "smokes; cigar; cigars; cigarettes; cigarette; hookah; shisha; e cig; e cigarette; tabac; tabacaria; "
        "headshop; head shop",
    ),
    _same(
        WORD,
        "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
        "toy; toys; toy store; toy shop; baby; babies; baby supplies; baby store; hobby; hobbies; hobby shop; crafts; "
        "craft; craft store; fabric; fabrics; yarn; art supplies; music store; musical instruments; candles; "
        "cosmetics store; variety store; general merchandise; retail",
    ),
    _same(WEAK, "GENERAL_MERCHANDISE_CONVENIENCE_STORES", "mart"),
    _same(
        WEAK,
        "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
        "shop; shops; store; stores; shopping; emporium; trading; merchandise",
    ),
]

_HOME = [
    _shops(
        "HOME_IMPROVEMENT_HARDWARE",
        "a hardware store",
        "The Home Depot|home depot|homedepot|homedepot com|home depot com; Lowe's|lowes|lowes home|lowes com; "
        "Menards; Ace Hardware; True Value; Harbor Freight|harbor freight tools; Tractor Supply|tractor supply co; "
        "Sherwin-Williams|sherwin williams; Benjamin Moore; Northern Tool; Do it Best|do it best; Orchard Supply; "
        "84 Lumber; Floor & Decor|floor decor; Lumber Liquidators|ll flooring; B&Q|bq|b q; Screwfix; Toolstation; "
        "Wickes; Homebase; Travis Perkins; Builders Warehouse|builders express|builders; Leroy Merlin; Cashbuild; "
        "Buco; Mica Hardware|mica; Chamberlains; Build It|build it; Bunnings|bunnings warehouse; Mitre 10|mitre10; "
        "!Rona|rona inc|rona home; Home Hardware; OBI; Hornbach; Bauhaus; Castorama; Brico Depot|brico; Telhanorte; "
        "C&C Casa e Construção|c c casa e construcao; Dulux; Plascon; Timber City",
    ),
    _shops(
        "HOME_IMPROVEMENT_FURNITURE",
        "a furniture and home store",
        "IKEA; Wayfair; Ashley Furniture|ashley homestore|ashley furniture homestore; Pottery Barn; "
        "Crate & Barrel|crate barrel|crate and barrel; West Elm; Williams-Sonoma|williams sonoma; "
        "Restoration Hardware|rh gallery; HomeGoods|home goods; At Home|at home store; Rooms To Go; "
        "La-Z-Boy|la z boy|lazboy; Mattress Firm; !Casper|casper sleep|casper com; Havertys; "
        "Raymour & Flanigan|raymour flanigan; "
        "Bob's Discount Furniture|bobs discount furniture|bobs furniture; Living Spaces; Kirkland's|kirklands; "
        "Pier 1|pier 1 imports; Z Gallerie; Overstock|overstock com; Joss & Main|joss main; "
        "!Article|article com|article furniture; Burrow; Dunelm; "
        "DFS; Habitat; Furniture Village; Oak Furniture Land|oak furnitureland; Made.com|made com; Home Etc|home etc; "
        "Mr Price Home|mr price home|mrp home; Coricraft; Weylandts; Dial-a-Bed|dial a bed; Bradlows; "
        "Lewis Stores|lewis stores; Russells; Sheet Street; Fantastic Furniture; Amart Furniture|amart; "
        "Temple & Webster|temple webster; Adairs; Freedom Furniture; Structube; The Brick; Leon's Furniture|leons; "
        "Tok&Stok|tok stok; Etna; Rent-A-Center|rent a center|rentacenter; Aaron's|aarons; Sleep Number; "
        "Tempur-Pedic|tempur pedic; Purple Mattress; Saatva; Nectar Sleep; Tuft & Needle|tuft needle; Lovesac; "
        "Arhaus; CB2; Ballard Designs; Serena & Lily|serena lily; Kmart Home; Zara Home; H&M Home|hm home; "
        "Le Creuset; Sur La Table|sur la table; Bed Bath & Table|bed bath table",
    ),
    _shops(
        "HOME_IMPROVEMENT_SECURITY",
        "a home security company",
        "ADT|adt security; SimpliSafe; Vivint; Brinks Home|brinks home security; Frontpoint; "
        "Fidelity ADT|fidelity adt; Ring Protect|ring protect|ring com; !Arlo|arlo technologies|arlo com; "
        "Alarm.com|alarm com; Cove Security; "
        "!Abode|abode security; Guardian Protection; Chubb Fire & Security|chubb security",
    ),
    _shops(
        "HOME_IMPROVEMENT_REPAIR_AND_MAINTENANCE",
        "a home services company",
        "Roto-Rooter|roto rooter; Terminix; Orkin; Rentokil; TruGreen; Angi|angi com|angies list; "
        "HomeAdvisor|home advisor; Thumbtack; TaskRabbit; !Handy|handy com; Mr. Handyman|mr handyman; "
        "Mr. Rooter|mr rooter; Mr. Electric|mr electric; ServiceMaster; Servpro; Stanley Steemer; Chem-Dry|chem dry; "
        "Rug Doctor; Benjamin Franklin Plumbing; One Hour Heating; Aptive Environmental|aptive; Mosquito Joe; "
        "Lawn Doctor; Checkatrade; Bark.com|bark com",
    ),
]

_HOME_WORDS = [
    _same(
        WORD,
        "HOME_IMPROVEMENT_HARDWARE",
        "hardware; hardware store; hardwares; h ware; hware; lumber; lumber yard; timber; building supplies; "
        "building supply; building materials; builders merchant; paint; paints; paint store; tools; tool; "
        "home improvement; diy; plumbing supply; plumbing supplies; electrical supply; electrical supplies; "
        "glass and aluminium",
    ),
    _same(
        WORD,
        "HOME_IMPROVEMENT_FURNITURE",
        "furniture; furnishings; home furnishings; mattress; mattresses; bedding; beds; sofas; home decor; decor; "
        "homeware; homewares; housewares; kitchenware; linens; rugs; carpets; carpet; flooring; blinds; curtains; "
        "lighting; upholstery; interiors; cabinets",
    ),
    _same(
        WORD,
        "HOME_IMPROVEMENT_REPAIR_AND_MAINTENANCE",
        "plumber; plumbers; plumbing; electrician; electricians; electrical contractor; hvac; heating and cooling; "
        "heating cooling; air conditioning; roofing; roofer; roofers; handyman; handymen; landscaping; landscaper; "
        "landscape; lawn; lawn care; lawncare; lawn service; tree service; gardening service; pest control; "
        "exterminator; exterminating; pest; construction; contractor; contractors; builder; renovation; renovations; "
        "remodeling; remodelling; appliance repair; locksmith; locksmiths; painting; painters; painter; "
        "carpet cleaning; gutter; gutters; pool service; pool cleaning; home repair; home repairs; home maintenance; "
        "property maintenance; septic; drywall; fencing; paving; masonry; glazier; window cleaning; chimney; "
        "solar installation; garage door",
    ),
    _same(
        WORD,
        "HOME_IMPROVEMENT_SECURITY",
        "alarm; alarms; alarm monitoring; armed response; security system; home security; security services; cctv; "
        "monitoring fee",
    ),
    _same(
        WORD,
        "HOME_IMPROVEMENT_OTHER_HOME_IMPROVEMENT",
        "garden centre; garden center; plant nursery; garden nursery; plants; landscape supply; pool supplies; "
        "pool supply; pool store; home and garden; home garden; gardening; garden supplies; irrigation",
    ),
]

# Transportation.
_TRANSPORT = [
    _shops(
        "TRANSPORTATION_GAS",
        "a fuel station",
        "Shell|shell oil|shell service|shell station; Chevron; Exxon|exxonmobil|exxon mobil; Mobil; "
        "BP|bp oil|bp connect; Texaco; Arco|arco ampm|am pm; Valero; Marathon Petroleum|marathon petro|marathon; "
        "Sunoco; Citgo; Phillips 66|phillips66; Conoco; 76 Gas|union 76|76 station; "
        "!Sinclair|sinclair oil|sinclair gas; Gulf Oil|gulf; !Hess|hess express|hess station; "
        "Speedway; Circle K; Sheetz; QuikTrip|quik trip|quiktrip corp; Casey's|caseys|caseys general store; "
        "RaceTrac|race trac; Kwik Trip|kwik star; Murphy USA|murphy express; "
        "Love's Travel Stops|loves travel|loves country; Pilot Flying J|pilot travel center|flying j|pilot; "
        "Costco Gas|costco gasoline|costco fuel; Sam's Club Fuel|sams club fuel; Kroger Fuel|kroger fuel center; "
        "Buc-ee's|bucees|buc ees; Maverik; Holiday Stationstores|holiday station; Thorntons; Cenex; Kum & Go|kum go; "
        "!Getty|getty petroleum|getty gas; Irving Oil; Petro-Canada|petro canada; Esso; Husky; Ultramar; "
        "Pioneer Petroleums; "
        "Co-op Gas Bar|co op gas; Engen; Sasol; Caltex; TotalEnergies|total energies|totalenergies; Astron Energy; "
        "Ampol; United Petroleum; Puma Energy; Metro Petroleum; Coles Express; Z Energy; Repsol; Cepsa; Eni; Q8; "
        "Aral; OMV; Galp; Petrobras|br distribuidora; Ipiranga; Tesla Supercharger|tesla supercharger|supercharger; "
        "ChargePoint; Electrify America; EVgo; Ionity; GasBuddy; Fuel Rewards",
    ),
    _shops(
        "TRANSPORTATION_TAXIS_AND_RIDE_SHARES",
        "a ride-hailing service",
        "Uber|uber trip|uber bv|uber rides|uber technologies|uber com; Lyft|lyft ride|lyft rides; "
        "Bolt|bolt eu|bolt ride; Ola|ola cabs; DiDi|didi; Careem; Curb|curb mobility; Gett; Cabify; FreeNow|free now; "
        "Addison Lee; Yellow Cab; Taxify; 99 App|99app|99 taxi|99 pop",
    ),
    _shops(
        "TRANSPORTATION_BIKES_AND_SCOOTERS",
        "a bike and scooter share",
        "!Lime|lime ride|lime rides|lime scooter|limebike|lime bike; !Bird|bird rides|bird scooter; "
        "!Spin|spin scooter; "
        "Citi Bike|citibike; Divvy; Bay Wheels|baywheels; Capital Bikeshare; Santander Cycles; Voi|voi technology; "
        "Tier Mobility; Dott; Veo; Lyft Bikes|lyft bike; Jump Bikes|jump bike",
    ),
    _shops(
        "TRANSPORTATION_PUBLIC_TRANSIT",
        "a public transport operator",
        "MTA|mta nyct|nyct paygo|mta metrocard; OMNY; BART; Clipper|clipper card|clipper service; SFMTA|muni; "
        "WMATA|smartrip; LA Metro|la metro|tap la; Metra; CTA|ventra; MBTA|charliecard; SEPTA; "
        "NJ Transit|nj transit|njt; LIRR; Metro-North|metro north; Caltrain; !MARTA|marta breeze|itsmarta; TriMet; "
        "Sound Transit|orca card|orca; King County Metro; RTD Denver|rtd; DART Rail|dart rail; Translink; "
        "TfL|transport for london|tfl travel|tfl gov uk; Oyster Card|oyster card; Trainline|thetrainline; "
        "National Rail; LNER; Avanti West Coast; Great Western Railway|gwr; Northern Trains|northern rail; ScotRail; "
        "Southeastern; Southern Railway; Thameslink; Stagecoach; National Express; Megabus; Greyhound; "
        "FlixBus|flix bus; Gautrain; MyCiTi|myciti; Rea Vaya; PRASA; Intercape; Translux; "
        "Opal|opal card|opal transport; Myki; Go Card; Presto Card|presto card|presto fare; TTC; STM; OC Transpo; "
        "GO Transit|go transit; Compass Card; Amtrak; VIA Rail|via rail; Eurostar; SNCF|sncf connect; RATP; "
        "Deutsche Bahn|db bahn|bahn; Renfe; Trenitalia; Italo; Ouigo; Metro de São Paulo|metro sp; SPTrans; CPTM; "
        "Bilhete Unico",
    ),
    _shops(
        "TRANSPORTATION_PARKING",
        "a parking operator",
        "SpotHero; ParkMobile; ParkWhiz; LAZ Parking|laz parking; SP Plus|sp plus|sp parking; ABM Parking; Impark; "
        "Premier Parking; Diamond Parking; Ace Parking; PayByPhone|pay by phone; RingGo; JustPark; NCP|ncp car park; "
        "Q-Park|q park; EasyPark; Wilson Parking; Secure Parking; Towne Park; Propark; Passport Parking; Honk Mobile; "
        "ParkChirp; Flowbird; Estapar",
    ),
    _shops(
        "TRANSPORTATION_TOLLS",
        "a toll operator",
        "E-ZPass|ezpass|e zpass|ez pass; FasTrak|fastrak; SunPass; TxTag; Peach Pass|peachpass; I-PASS|ipass|i pass; "
        "NTTA; Pike Pass; Good To Go|goodtogo; The Toll Roads; Linkt; SANRAL|sanral etoll; Dart Charge; "
        "407 ETR|407etr; Sem Parar|semparar; ConectCar; Veloe; PlatePass; Bancpass",
    ),
    _shops(
        "TRANSPORTATION_OTHER_TRANSPORTATION",
        "a vehicle tracking company",
        "Cartrack; Tracker Connect|tracker sa; Netstar; Matrix Vehicle Tracking|matrix tracking; CTrack; LoJack",
    ),
    _shops(
        "GENERAL_SERVICES_AUTOMOTIVE",
        "a car services company",
        "Jiffy Lube; Valvoline|valvoline instant oil; Midas; Meineke; Firestone|firestone complete auto; Goodyear; "
        "Pep Boys; AutoZone; O'Reilly Auto Parts|oreilly auto|o reilly auto; Advance Auto Parts|advance auto; "
        "NAPA Auto Parts|napa auto; Discount Tire; Les Schwab; Mavis Discount Tire|mavis tire; Monro; "
        "Take 5 Oil|take 5; Safelite; Caliber Collision; Maaco; Mister Car Wash; Halfords; Kwik Fit; Supa Quick; "
        "Tiger Wheel & Tyre|tiger wheel tyre|tiger wheel; Autobarn; Repco; Supercheap Auto; "
        "Bob Jane T-Marts|bob jane; Midas Auto; Grease Monkey; Christian Brothers Automotive; Big O Tires; "
        "Tire Kingdom; NTB; Belle Tire; Car-X|car x; AAA|aaa membership; Autoglass; Speedy Auto; Goodyear Auto; "
        "Carvana; CarMax; Quick Lane; Fix Auto; Tire Rack|tirerack; RockAuto|rock auto; Parts Authority; Goldwagen; "
        "Masterparts; Dial-A-Tow; Wash Tub; Quick Quack|quick quack car wash; Tommy's Express|tommys express; "
        "Zips Car Wash|zips; Autobell; Whistle Express",
    ),
]

_TRANSPORT_WORDS = [
    _same(
        WORD,
        "TRANSPORTATION_GAS",
        "gas station; gas; gasoline; fuel; fuels; petrol; petrol station; diesel; filling station; service station; "
        "service stn; servo; truck stop; travel center; travel centre; travel plaza; ev charging; charging station; "
        "posto; posto de combustivel; gasolinera; tankstelle; carburant; fuel purchase; fuel stop; garage forecourt",
    ),
    _same(
        WORD,
        "TRANSPORTATION_PARKING",
        "parking; parking garage; parking lot; parking meter; parking fee; parking fees; parking charge; car park; "
        "carpark; parkade; valet; valet parking; pay and display; pay display; park and ride; airport parking; "
        "estacionamento; parkhaus; parkplatz; parcheggio",
    ),
    _same(
        WORD,
        "TRANSPORTATION_TOLLS",
        "toll; tolls; toll road; tollway; turnpike; toll plaza; bridge toll; tunnel toll; thruway; expressway; "
        "e toll; etoll; e tag; etag; toll charge; toll fee; congestion charge; ulez; pedagio; peage; autopista; maut",
    ),
    _same(
        WORD,
        "TRANSPORTATION_PUBLIC_TRANSIT",
        "transit; metro; metrorail; bus; buses; bus fare; bus ticket; bus station; train; trains; train ticket; rail; "
        "railway; railways; railroad; tram; trams; streetcar; light rail; ferry; ferries; commuter; commuter rail; "
        "fare; fares; public transport; transit authority; transportation authority; metro card; metrocard; "
        "underground; coach ticket",
    ),
    _same(
        WORD,
        "TRANSPORTATION_TAXIS_AND_RIDE_SHARES",
        "taxi; taxis; taxicab; cab; cabs; limo; limos; limousine; rideshare; ride share; chauffeur; minicab; "
        "car service; black car; airport shuttle; shuttle; tuk tuk",
    ),
    _same(
        WORD,
        "TRANSPORTATION_BIKES_AND_SCOOTERS",
        "bike share; bikeshare; scooter; scooters; e scooter; escooter; bike rental; bike hire; cycle hire",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_AUTOMOTIVE",
        "car wash; carwash; car spa; auto spa; auto repair; auto service; auto services; auto care; car care; "
        "car repair; car service center; oil change; lube; tire; tires; tyre; tyres; auto parts; car parts; "
        "autoparts; automotive; mechanic; mechanics; collision; auto body; body shop; panel beaters; panel beater; "
        "smog; smog check; detailing; auto detailing; windscreen; windshield; auto glass; towing; tow; "
        "roadside assistance; transmission; brakes; muffler; exhaust; alignment; mot; mot test; vehicle inspection; "
        "emissions test; car wash club; auto electrician; oficina; borracharia",
    ),
    _same(
        WORD,
        "TRANSPORTATION_OTHER_TRANSPORTATION",
        "car dealership; dealership; motors; auto sales; car sales; vehicle",
    ),
]

# Travel.
_TRAVEL = [
    _shops(
        "TRAVEL_FLIGHTS",
        "an airline",
        "Delta Air Lines|delta air|delta airlines|delta com; "
        "United Airlines|united airlines|united air|united com|united airl; "
        "American Airlines|american air|american airlines|aa com; "
        "Southwest Airlines|southwest|southwest air|southwest airlines|southwes; JetBlue|jetblue airways|jet blue; "
        "Alaska Airlines|alaska air; Spirit Airlines|spirit airl|spirit air|spirit airlines; "
        "Frontier Airlines|flyfrontier|frontier airlines|frontier air; Hawaiian Airlines|hawaiian air; "
        "Allegiant|allegiant air; Sun Country|sun country air; Air Canada; WestJet; Porter Airlines; Flair Airlines; "
        "British Airways|ba com; easyJet; Ryanair; Virgin Atlantic; Jet2|jet2 com; Wizz Air|wizzair; Lufthansa; "
        "Air France; KLM; Iberia; Vueling; Aer Lingus; TAP Air Portugal|tap portugal; "
        "Swiss International Air Lines|swiss air|swiss intl; Norwegian Air|norwegian air shuttle; Turkish Airlines; "
        "Emirates|emirates airline; Qatar Airways; Etihad; Singapore Airlines; Cathay Pacific; Qantas; "
        "Virgin Australia; Jetstar; Air New Zealand; South African Airways|flysaa; FlySafair|safair; Airlink; Kulula; "
        "LATAM|latam airlines; GOL Linhas Aéreas|gol linhas|voegol; Azul Linhas Aéreas|azul linhas|voeazul; Avianca; "
        "Copa Airlines; Aeromexico; Volaris; Air India; Icelandair; Finnair; SAS Scandinavian|flysas; "
        "Austrian Airlines; Brussels Airlines; Ethiopian Airlines; Kenya Airways; EgyptAir; Royal Air Maroc; "
        "All Nippon Airways|all nippon|ana airways; Japan Airlines; Korean Air; EVA Air; China Airlines; AirAsia; "
        "Breeze Airways; Avelo",
    ),
    _shops(
        "TRAVEL_LODGING",
        "a hotel chain",
        "Marriott|marriott hotels|marriott intl; Hilton|hilton hotels|hilton garden inn; "
        "Hyatt|hyatt hotels|park hyatt; IHG|intercontinental|ihg hotels; Holiday Inn|holiday inn express; "
        "Crowne Plaza; Best Western; Wyndham; Choice Hotels; Comfort Inn|comfort suites; Quality Inn; Sleep Inn; "
        "Econo Lodge; Rodeway Inn; La Quinta; Motel 6; Super 8; Days Inn; Red Roof|red roof inn; "
        "Hampton Inn|hampton inns; Embassy Suites; DoubleTree; Courtyard by Marriott|courtyard marriott; "
        "Residence Inn; Fairfield Inn; SpringHill Suites; TownePlace Suites; Sheraton; Westin; W Hotels; "
        "Four Seasons; Ritz-Carlton|ritz carlton; St. Regis|st regis; JW Marriott; Kimpton; Premier Inn; Travelodge; "
        "Accor|accorhotels; Ibis; Novotel; Mercure; Sofitel; !Pullman|pullman hotels|pullman hotel; "
        "Radisson|radisson blu; NH Hotels; "
        "Protea Hotels|protea hotel; City Lodge; Southern Sun; Tsogo Sun; Sun International; "
        "Extended Stay America|extended stay; Candlewood Suites; Staybridge Suites; Homewood Suites; Home2 Suites; "
        "Aloft; Moxy; Ace Hotel; Loews Hotels; Omni Hotels; !Fairmont|fairmont hotels|fairmont hotel; Delta Hotels; "
        "MGM Grand; Caesars Palace; "
        "Bellagio; Venetian; !Wynn|wynn las vegas|wynn resorts; Airbnb|airbnb com|airbnb inc; Vrbo|homeaway; "
        "Booking.com|booking com; "
        "Hotels.com|hotels com; Agoda; Hostelworld; Sonder; Generator Hostels; Premier Inn Hub; Tune Hotels",
    ),
    _shops(
        "TRAVEL_RENTAL_CARS",
        "a car rental company",
        "Hertz; Avis; Enterprise Rent-A-Car|enterprise rent a car|enterprise rac|enterprise rent; "
        "Budget Rent A Car|budget rent a car|budget car rental; National Car Rental|national car; "
        "Alamo|alamo rent a car; Dollar Rent A Car|dollar rent a car|dollar car rental; "
        "Thrifty Car Rental|thrifty car|thrifty rent; Sixt|sixt rent a car; Europcar; Zipcar; Turo; Getaround; "
        "Fox Rent A Car|fox rent a car; Payless Car Rental; Tempest Car Hire|tempest; Bidvest Car Rental|bidvest car; "
        "First Car Rental; Woodford Car Hire; Localiza; Movida; Unidas; Enterprise CarShare; Green Motion; "
        "Routes Car Rental; Discount Car & Truck|discount car truck; Rent a Wreck|rent a wreck",
    ),
    _shops(
        "TRAVEL_OTHER_TRAVEL",
        "a travel booking site",
        "Expedia|expedia com; Priceline|priceline com; Kayak; Orbitz; Travelocity; Hopper; Trip.com|trip com; "
        "TripAdvisor; Viator; GetYourGuide|get your guide; Klook; Skyscanner; CheapOair; Flight Centre|flight center; "
        "Travelstart; Lastminute.com|lastminute com; Trivago; Carnival Cruise|carnival cruise line|carnival cruises; "
        "Royal Caribbean; Norwegian Cruise Line|norwegian cruise|ncl; Princess Cruises; MSC Cruises|msc cruise; "
        "Celebrity Cruises; Disney Cruise|disney cruise line; Holland America; Cunard; Viking Cruises|viking river; "
        "TSA PreCheck|tsa precheck; Global Entry; CLEAR Secure|clearme|clear me; Priority Pass; Travelex; "
        "Hudson Duty Free|duty free americas|dufry; World Duty Free; Decolar; CVC Viagens|cvc viagens",
    ),
]

_TRAVEL_WORDS = [
    _same(
        WORD,
        "TRAVEL_FLIGHTS",
        "airlines; airline; airways; air lines; airfare; air fare; flight; flights; air ticket; air tickets; "
        "aviation; baggage fee; seat selection; inflight; in flight",
    ),
    _same(
        WORD,
        "TRAVEL_LODGING",
        "hotel; hotels; motel; motels; inn; inns; resort; resorts; resort fee; resort fees; hotel fee; lodge; "
        "lodging; accommodation; accommodations; hostel; hostels; guest house; guesthouse; guest lodge; "
        "bed and breakfast; suites; vacation rental; vacation rentals; holiday rental; holiday let; chalet; chalets; "
        "cottage; cottages; bnb; pousada",
    ),
    _same(
        WORD,
        "TRAVEL_RENTAL_CARS",
        "car rental; car rentals; car hire; rent a car; rental car; auto rental; vehicle rental; truck rental; "
        "van rental; rentacar; locadora",
    ),
    _same(
        WORD,
        "TRAVEL_OTHER_TRAVEL",
        "travel; travels; travel agency; travel agent; tours; tour; tour operator; cruise; cruises; cruise line; "
        "excursion; excursions; safari; safaris; airport; duty free; dutyfree; luggage; passport photo; "
        "visa services; travel visa; holidays; vacation; vacations; viagens; turismo",
    ),
]

# Rent and utilities.
_BILLS = [
    _shops(
        "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY",
        "an energy company",
        "PG&E|pge|pgande|pacific gas electric|pgande web online|pge web online; "
        "ConEd|con ed|coned|con edison|consolidated edison; "
        "Southern California Edison|sce|so cal edison|socal edison; SDG&E|sdge|san diego gas electric; "
        "SoCalGas|socalgas|so cal gas|southern california gas; Southwest Gas; Duke Energy|duke energy progress; "
        "Dominion Energy|dominion va power; Georgia Power; Alabama Power; Mississippi Power; "
        "Florida Power & Light|fpl|florida power light; Xcel Energy; Entergy; Ameren; DTE Energy|dte; "
        "Consumers Energy; PSE&G|pseg|pse g; National Grid; Eversource; ComEd|commonwealth edison; PECO; "
        "PPL Electric|ppl; Peoples Gas; Nicor Gas|nicor; Atmos Energy; CenterPoint Energy|centerpoint; "
        "Reliant Energy|reliant; TXU Energy|txu; Oncor; Arizona Public Service|aps; Salt River Project|srp; "
        "NV Energy; Puget Sound Energy|pse; Portland General Electric|pge portland|portland general; "
        "Rocky Mountain Power; Pacific Power; American Electric Power|aep; FirstEnergy|first energy; Evergy; "
        "Spire Energy; Piedmont Natural Gas|piedmont ng; Washington Gas; BGE|baltimore gas electric; Pepco; "
        "Delmarva Power; Ohio Edison; Direct Energy; Constellation Energy; Just Energy; Green Mountain Energy; "
        "Idaho Power; Avista; Tampa Electric|teco; Duquesne Light; Columbia Gas; Sempra; Kentucky Utilities|lg e ku; "
        "JEA; CPS Energy; Austin Energy; SMUD; LADWP|la dept water power; Seattle City Light; British Gas; "
        "EDF Energy|edf; E.ON|eon|e on next|eon next; Octopus Energy|octopus; OVO Energy|ovo; "
        "Scottish Power|scottishpower; SSE|sse energy; Bulb Energy; Shell Energy; Utility Warehouse; So Energy; "
        "Outfox the Market; Good Energy; Ecotricity; Eskom; Centlec; AGL; Origin Energy; "
        "EnergyAustralia|energy australia; Red Energy; Alinta Energy|alinta; Simply Energy; Lumo Energy; Hydro One; "
        "BC Hydro; Hydro-Québec|hydro quebec; Toronto Hydro; Enbridge|enbridge gas; FortisBC; ATCO; Epcor; Enmax; "
        "Manitoba Hydro; Enel; CPFL; Cemig; Copel; Comgás|comgas; Light SA; Energisa; Neoenergia; Coelba; Celpe; "
        "Elektro; Engie; Iberdrola; Endesa; Vattenfall; Essent; Eneco; Electrabel; Lampiris",
    ),
    _shops(
        "RENT_AND_UTILITIES_WATER",
        "a water utility",
        "American Water; Aqua America|aqua pa; Thames Water; Severn Trent; Anglian Water; United Utilities; "
        "Yorkshire Water; Southern Water; Welsh Water|dwr cymru; Scottish Water; Wessex Water; South West Water; "
        "Northumbrian Water; Affinity Water; Sydney Water; Yarra Valley Water; South East Water; SA Water; Sabesp; "
        "Cedae; Copasa; Rand Water; Johannesburg Water|joburg water; Cal Water|california water service; "
        "Golden State Water; San Jose Water; DC Water; NYC Water|nyc water board; Irish Water; Uisce Eireann",
    ),
    _shops(
        "RENT_AND_UTILITIES_SEWAGE_AND_WASTE_MANAGEMENT",
        "a waste collection company",
        "Waste Management Inc|wm ezpay|waste mgmt; Republic Services; Waste Connections; Rumpke; Recology; Biffa; "
        "Veolia; Casella; Waste Pro; GFL Environmental|gfl; WCA Waste; Advanced Disposal; Cleanaway; Suez; "
        "Enviroserv; Wasteman",
    ),
    _shops(
        "RENT_AND_UTILITIES_TELEPHONE",
        "a phone company",
        "Verizon|verizon wireless|vzwrls|vz wireless|verizon wrls|vzw; "
        "AT&T|att|at t|att wireless|att mobility|att bill payment; T-Mobile|t mobile|tmobile; Sprint; "
        "US Cellular|us cellular; Cricket Wireless|cricket wrls; Boost Mobile; "
        "Metro by T-Mobile|metropcs|metro pcs|metro by t mobile; Mint Mobile; Visible Wireless|visible wireless; "
        "Google Fi|google fi|fi google; Straight Talk; Tracfone; Consumer Cellular; Ting Mobile|ting; Total Wireless; "
        "Xfinity Mobile; Spectrum Mobile; Tello; Ultra Mobile; Red Pocket; Lycamobile|lyca mobile|lycamobile; Lebara; "
        "EE|ee limited|ee mobile; O2|o2 uk|telefonica uk; Vodafone; "
        "Three UK|three uk|three mobile|3 mobile|hutchison 3g; giffgaff; Tesco Mobile; Sky Mobile; Virgin Mobile; "
        "iD Mobile|id mobile; Smarty; VOXI; Vodacom|vodacom prepaid; MTN|mtn sa; Cell C|cellc|cell c; "
        "Telkom|telkom mobile|telkom sa; Rain Mobile|rain data; Telstra; Optus; Belong; Amaysim; Boost Mobile AU; "
        "Rogers Wireless|rogers communications|rogers bill|rogers com; "
        "Bell Canada|bell mobility|bell mobile|bell aliant|bell canada bill; Telus|telus mobility; Fido; Koodo; "
        "Freedom Mobile; Virgin Plus; Public Mobile; Chatr; Lucky Mobile; SaskTel; Vivo|vivo telefonica; Claro; "
        "TIM Celular|tim celular|tim brasil; Oi Fixo|oi movel; Deutsche Telekom|telekom; Movistar; KPN; Proximus; "
        "Swisscom; SFR; Bouygues Telecom|bouygues; Free Mobile; Orange Mobile|orange sa|orange france; Telia; Tele2; "
        "Skype; Vonage; Ooma; RingCentral; magicJack; TextNow",
    ),
    _shops(
        "RENT_AND_UTILITIES_INTERNET_AND_CABLE",
        "an internet and TV provider",
        "Comcast|comcast cable|comcast xfinity|comcast cable comm; Xfinity|xfinity internet|xfinity tv; "
        "Spectrum|charter spectrum|charter communications|charter comm; "
        "Cox Communications|cox comm|cox cable|cox communication; Optimum|optimum online|altice; "
        "Frontier Communications|frontier comm|frontier internet; CenturyLink|centurylink q; Lumen Technologies; "
        "Windstream|kinetic by windstream; Mediacom; Suddenlink; WOW Internet|wow internet|wideopenwest; RCN; "
        "Astound Broadband|astound; Google Fiber; Starlink|spacex starlink; HughesNet|hughes net; Viasat; "
        "DirecTV|directv|direc tv; Dish Network|dish network|dish com; Verizon Fios|fios; "
        "AT&T Internet|att internet|att uverse|att u verse; Ziply Fiber; Metronet; Sparklight; "
        "BT|bt group|british telecom|bt broadband; "
        "Sky UK|sky digital|sky broadband|sky tv|sky subscription|sky subscriptions|sky services; Virgin Media; "
        "TalkTalk; Plusnet; Hyperoptic; Community Fibre; Shell Broadband; NOW Broadband; Afrihost; Vumatel|vuma; "
        "Openserve; MWEB; Cool Ideas; Webafrica; Axxess; Herotel; Frogfoot; Octotel; "
        "MultiChoice|multichoice|dstv subscription; TPG|tpg internet; iiNet; Aussie Broadband; Foxtel; "
        "Superloop; Shaw Communications|shaw cable|shaw direct; Videotron; Cogeco; Eastlink; TekSavvy; "
        "NET Claro|net servicos; SKY Brasil|sky brasil; Ziggo; Virgin Media O2",
    ),
    _shops(
        "ENTERTAINMENT_TV_AND_MOVIES",
        "a streaming service",
        "Netflix|netflix com|netflix inc; Hulu|hulu com|hulu llc; Disney Plus|disney plus|disneyplus; "
        "HBO Max|hbo max|hbomax; HBO; Max.com|max com; Paramount Plus|paramount plus|paramountplus; "
        "!Peacock|peacocktv|peacock tv; Apple TV|apple tv|apple tv plus; "
        "Prime Video|prime video|amazon video|amazon prime video|amzn prime video|amzn digital|amazon digital; "
        "YouTube|youtube premium|youtube tv|google youtube|youtubepremium; Sling TV|sling|sling com; "
        "Fubo|fubotv|fubo tv; Crunchyroll; Showtime; Starz; Discovery Plus|discovery plus; ESPN|espn plus; DAZN; "
        "BritBox; NOW TV|now tv; Showmax; Stan Entertainment|stan com au; Binge; Kayo Sports|kayo; "
        "Crave TV|crave tv|cravetv; Globoplay; Philo; Vudu|fandango at home; Mubi; Tubi; Pluto TV; "
        "Curiosity Stream|curiositystream; Acorn TV; Shudder; AMC Plus|amc plus; Hallmark Movies Now; "
        "BET Plus|bet plus; MGM Plus|mgm plus; Funimation; Criterion Channel; Kanopy; Plex",
    ),
    _shops(
        "ENTERTAINMENT_TV_AND_MOVIES",
        "a cinema",
        "AMC Theatres|amc|amc theatres|amc theaters|amc theater; "
        "Regal Cinemas|regal cinema|regal theaters|regal entertainment; Cinemark; Cineworld; Odeon; "
        "Vue|vue cinemas|vue entertainment; Picturehouse; Everyman Cinema; Ster-Kinekor|ster kinekor; "
        "Nu Metro|numetro; Cineplex; Landmark Cinemas|landmark theatres; Hoyts; Event Cinemas; Village Cinemas; "
        "Reading Cinemas; Alamo Drafthouse; Harkins; Marcus Theatres; Showcase Cinemas; Fandango; Atom Tickets; "
        "Studio Movie Grill; Cinepolis; Cinemex; Kinepolis; Pathé|pathe; UCI Cinemas; Cinesystem; Cinemaxx; Curzon",
    ),
    _shops(
        "ENTERTAINMENT_MUSIC_AND_AUDIO",
        "a music service",
        "Spotify|spotify usa|spotify ab|spotify com|spotify premium; Apple Music; Pandora|pandora media|pandora com; "
        "SiriusXM|sirius xm|siriusxm radio|sirius; Tidal; Deezer; Amazon Music|amzn music|amazon music unlimited; "
        "YouTube Music|youtube music; SoundCloud; iHeartRadio|iheart; Bandcamp; Qobuz; Napster; Anghami; Joox; "
        "Audiomack",
    ),
    _shops(
        "ENTERTAINMENT_OTHER_ENTERTAINMENT",
        "Apple's App Store and subscriptions",
        "Apple.com/bill|apple com bill|apple com bil|apple com bi|apple com b|itunes|itunes com|apple services|"
        "apple one|apple arcade; "
        "App Store|app store",
    ),
    _shops(
        "ENTERTAINMENT_OTHER_ENTERTAINMENT",
        "Google's app store",
        "Google Play|google play|google play store|play google",
    ),
    _shops(
        "GENERAL_SERVICES_OTHER_GENERAL_SERVICES",
        "a software subscription",
        "iCloud|apple icloud|icloud com; "
        "Google Storage|google one|google storage|google gsuite|google workspace|gsuite; Dropbox; "
        "Microsoft|msft|microsoft 365|microsoft office|office 365|microsoft com|microsoft online; "
        "Adobe|adobe systems|adobe creative cloud; Zoom|zoom us|zoom video; Slack; Notion; Evernote; 1Password; "
        "LastPass; NordVPN; ExpressVPN; Surfshark; !Norton|nortonlifelock|norton 360|norton antivirus; McAfee; "
        "Kaspersky; Bitdefender; GitHub; "
        "OpenAI|chatgpt|chatgpt subscription; Anthropic|claude ai; Canva; Squarespace; Wix|wix com; GoDaddy; "
        "Namecheap; Grammarly; DocuSign; LinkedIn|linkedin premium; Duolingo; Headspace; "
        "Calm App|calm com|calm app; Tinder; Bumble; Hinge; Match.com|match com; eHarmony; Ancestry|ancestry com; "
        "23andMe; Intuit|intuit quickbooks; QuickBooks; Xero; FreshBooks; Wave Apps; Mailchimp; "
        "Shopify Subscription|shopify subscription; AWS|amazon web services; Google Cloud; DigitalOcean; Heroku; "
        "Cloudflare; Backblaze; Carbonite; Proton|protonmail|proton ag; Fastmail; Setapp; Parallels; JetBrains; "
        "Figma; Miro; Asana; Trello; Atlassian; Todoist; Readwise; Kagi; Perplexity",
    ),
]

_BILL_WORDS = [
    _same(
        WORD,
        "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY",
        "electric; electricity; electric company; electric bill; electric co; power company; power co; power light; "
        "power and light; power bill; city power; energy; energia; hydro; hydro bill; utility gas; gas company; "
        "gas co; gas bill; gas utility; natural gas; gas electric; gas and electric; gas light; prepaid electricity; "
        "prepaid elec; electricity prepaid; elec; propane; heating oil; lpg; electricity token",
    ),
    _same(
        WORD,
        "RENT_AND_UTILITIES_WATER",
        "water; water bill; water utility; water charges; water company; water dept; water department; "
        "water district; water and sewer; water sewer; water authority; agua; city water",
    ),
    _same(
        WORD,
        "RENT_AND_UTILITIES_SEWAGE_AND_WASTE_MANAGEMENT",
        "sewer; sewage; sewerage; waste; waste management; waste collection; trash; trash service; garbage; refuse; "
        "refuse removal; sanitation; recycling; rubbish; junk removal; dumpster; skip hire; septic pumping",
    ),
    _same(
        WORD,
        "RENT_AND_UTILITIES_TELEPHONE",
        "phone; phone bill; phone company; telephone; telephone company; mobile; mobile phone; cell phone; cellphone; "
        "cellular; wireless; wireless bill; airtime; prepaid airtime; airtime topup; airtime top up; "
        "airtime purchase; data bundle; data bundles; data purchase; mobile data; prepaid mobile; sim card; telecom; "
        "telecoms; telecommunications; telco; landline; celular; telefone; telefonia",
    ),
    _same(
        WORD,
        "RENT_AND_UTILITIES_INTERNET_AND_CABLE",
        "internet; internet service; internet service provider; internet bill; isp; broadband; cable; cable tv; "
        "cable bill; fibre; fiber; fiber internet; fibre internet; wifi; wi fi; satellite tv; tv subscription; dstv; "
        "pay tv",
    ),
    _Known(
        WORD,
        "rent; rent payment; rent pmt; monthly rent; house rent; apartment rent; room rent; rental payment; "
        "rent charge; apartments; apartment; apts; property management; property mgmt; property manager; "
        "letting agent; letting agents; lettings; landlord; tenancy; leasing office; zillow rent; zillow rentals; "
        "appfolio; buildium; rentcafe; rent cafe; yardi; bilt; bilt rent; entrata; clickpay; rentec; payrent; "
        "pay rent; aluguel; miete; loyer",
        "RENT_AND_UTILITIES_RENT",
        "INCOME_RENTAL",
    ),
    _same(WORD, "HOME_IMPROVEMENT_FURNITURE", "rent to own; rental purchase"),
    _same(
        WORD,
        "RENT_AND_UTILITIES_OTHER_UTILITIES",
        "utilities; utility; utility bill; utility payment; utilities payment; municipal utilities; public utilities; "
        "city utilities; hoa; hoa dues; homeowners association; home owners association; body corporate; levies; "
        "levy; strata; condo fees; condo association",
    ),
]

# Entertainment.
_ENTERTAINMENT = [
    _shops(
        "ENTERTAINMENT_VIDEO_GAMES",
        "a video game store",
        "Steam|steamgames|steam games|steampowered|steam purchase|valve; "
        "PlayStation|playstation network|psn|sony playstation|playstation store; "
        "Xbox|microsoft xbox|xbox live|xbox game pass; Nintendo|nintendo eshop|nintendo of america; "
        "GameStop|game stop; Epic Games; Blizzard|blizzard entertainment|battle net; Riot Games; "
        "Electronic Arts|ea games|ea origin; Roblox|roblox corp; Ubisoft; Humble Bundle; GOG.com|gog com; EB Games; "
        "Game UK; Twitch|twitch tv; Activision; Rockstar Games; Supercell; King com|king digital; Minecraft; "
        "Fortnite; Nexon; Valorant; Itch.io|itch io",
    ),
    _shops(
        "ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS",
        "a ticket seller",
        "Ticketmaster; Live Nation; StubHub; SeatGeek; Eventbrite; Vivid Seats; AXS|axs com; Computicket; Ticketek; "
        "Webtickets; Quicket; Howler; See Tickets; Ticketweb; Etix; Tix4Tonight; TodayTix; Dice fm|dice fm; "
        "Universe Tickets; Ingresso.com|ingresso com; Sympla",
    ),
    _shops(
        "ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS",
        "an amusement park",
        "Disneyland|disneyland resort|walt disney world|disney world|wdw; "
        "Universal Studios|universal orlando|universal studios hollywood; Six Flags; Cedar Point; "
        "Knott's Berry Farm|knotts berry farm|knotts; SeaWorld|sea world; Busch Gardens; Legoland; Dollywood; "
        "Kings Island; Carowinds; Hersheypark; Gold Reef City; Ratanga Junction; uShaka Marine World|ushaka; "
        "Dreamworld; Warner Bros Movie World|movie world; Thorpe Park; Alton Towers; Chessington; "
        "Merlin Entertainments; Madame Tussauds; Canada's Wonderland|canadas wonderland; Beto Carrero; "
        "Great Wolf Lodge; Topgolf|top golf; Dave and Busters Games; Main Event; Round1; "
        "Chuck E. Cheese|chuck e cheese; Sky Zone|skyzone; Urban Air|urban air trampoline; iFly",
    ),
    _shops(
        "ENTERTAINMENT_CASINOS_AND_GAMBLING",
        "a betting company",
        "DraftKings; FanDuel; BetMGM; Caesars Sportsbook; PointsBet; bet365; William Hill; Paddy Power; Ladbrokes; "
        "Coral Betting|coral racing; Betfair; Sky Bet|skybet; Betway; Hollywoodbets; Sportingbet; Supabets; Betfred; "
        "Unibet; 888 Casino|888 com|888 poker; PokerStars; Chumba Casino|chumba; Fanatics Sportsbook; "
        "ESPN Bet|espnbet; Hard Rock Bet; Sportsbet; TAB|tab com au|tabtouch|tab nsw|tab betting; "
        "Ladbrokes Australia; National Lottery|national lottery; Camelot; Ithuba; Lottoland; Jackpocket; "
        "Lotto.com|lotto com; PrizePicks; Underdog Fantasy; Stake.com|stake com; Bet.co.za|bet co za; Betano; Pixbet; "
        "Sportingbet Brasil; Loterias Caixa",
    ),
]

_ENTERTAINMENT_WORDS = [
    _same(
        WORD,
        "ENTERTAINMENT_TV_AND_MOVIES",
        "cinema; cinemas; movie; movies; movie theater; movie theatre; theater; theatre; theaters; theatres; "
        "multiplex; imax; drive in theater; film; films; streaming; video streaming; dvd; dvd rental",
    ),
    _same(
        WORD,
        "ENTERTAINMENT_MUSIC_AND_AUDIO",
        "music; music streaming; record store; records; vinyl; audiobook; audiobooks; podcast; podcasts; radio; "
        "satellite radio",
    ),
    _same(
        WORD,
        "ENTERTAINMENT_VIDEO_GAMES",
        "video games; video game; videogames; gaming; game store; games store; in game; game pass; console",
    ),
    _same(
        WORD,
        "ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS",
        "museum; museums; zoo; zoos; aquarium; theme park; amusement park; amusement parks; water park; waterpark; "
        "amusement; amusements; stadium; arena; ballpark; tickets; ticket; box office; concert; concerts; festival; "
        "exhibition; expo; gallery; art gallery; botanical garden; botanical gardens; botanic garden; planetarium; "
        "science center; science centre; national park; state park; lift ticket; lift tickets; ski pass; golf; "
        "golf club; golf course; golf links; country club; bowling; bowling alley; mini golf; putt putt; trampoline; "
        "trampoline park; escape room; laser tag; paintball; go karts; go kart; karting; skating; ice rink; "
        "roller rink; skate park; climbing; rock climbing; sports club; athletic club; stadium tour; attraction; "
        "attractions; fairground; circus; rodeo; speedway park; race track; racecourse; admission; admissions; "
        "entrance fee; admission fee; game drive; nature reserve; wildlife",
    ),
    _same(
        WORD,
        "ENTERTAINMENT_CASINOS_AND_GAMBLING",
        "casino; casinos; lottery; lotto; lotteries; powerball; mega millions; megamillions; betting; bets; "
        "sportsbook; sports book; bookmaker; bookmakers; bookie; poker; bingo; slots; slot machine; lotto winnings; "
        "winnings; horse racing; jackpot; sweepstakes; raffle; scratchers; scratch card; loteria; loterias",
    ),
    _same(
        WORD,
        "ENTERTAINMENT_OTHER_ENTERTAINMENT",
        "entertainment; karaoke; arcade; arcades; comedy club; comedy; hobby club; party venue; event venue; events; "
        "event; subscription box; magic show; nightlife; club entry; cover charge",
    ),
]

# Services.
_SERVICES = [
    _shops(
        "GENERAL_SERVICES_INSURANCE",
        "an insurer",
        "State Farm; GEICO|geico auto|geico ins; Progressive|progressive ins|progressive insurance; Allstate; "
        "Liberty Mutual; Farmers Insurance|farmers ins|farmers insurance group; "
        "Nationwide Insurance|nationwide ins|nationwide mutual; "
        "USAA Insurance|usaa p c|usaa pc|usaa insurance|usaa ins; "
        "Travelers Insurance|travelers ins|travelers insurance; American Family Insurance|amfam|american family ins; "
        "Erie Insurance|erie ins; MetLife; Prudential; New York Life; Northwestern Mutual; Aflac; "
        "!Lemonade|lemonade insurance|lemonade ins|lemonade inc; Root Insurance|root ins; Esurance; "
        "The Hartford|hartford ins; "
        "Mercury Insurance; Safeco; Kemper; Cigna; Aetna; Humana; UnitedHealthcare|united healthcare|uhc; "
        "Blue Cross|blue cross blue shield|bcbs|blue shield; Anthem|anthem blue cross; Oscar Health; "
        "Kaiser Permanente|kaiser; Delta Dental; VSP|vsp vision; Guardian Life|guardian ins; Mutual of Omaha; "
        "Transamerica; Lincoln Financial; Principal Financial; John Hancock; Pacific Life; Globe Life; Primerica; "
        "Haven Life; Ladder Life; Policygenius; Hippo Insurance|hippo; Kin Insurance; Assurant; Chubb Insurance; "
        "Shelter Insurance; Auto-Owners|auto owners ins; Sentry Insurance; Plymouth Rock; Hanover Insurance; "
        "Bristol West; Dairyland; Infinity Insurance; The General Insurance|the general ins; Direct Auto; "
        "Acceptance Insurance; Clearcover; Aviva; Direct Line; Admiral|admiral insurance; Hastings Direct; "
        "LV= Insurance|lv insurance; Churchill Insurance|churchill ins; AXA; Allianz; "
        "Zurich Insurance|zurich ins|zurich life; Legal & General|legal general; Bupa; Vitality Health|vitality; "
        "Simply Health|simplyhealth; "
        "Discovery Health|discovery health|discovery insure|discovery life|discovery vitality|discovery medical; "
        "Sanlam; Old Mutual; Momentum|momentum health|momentum life; Outsurance; Santam; MiWay; Hollard; King Price; "
        "Budget Insurance; Dial Direct; 1st for Women|1st for women; Auto & General|auto general; Clientele; Assupol; "
        "Metropolitan Life; PPS Insurance|pps; Bonitas; Medshield; Fedhealth; Bestmed; "
        "GEMS Medical Scheme|gems medical; Liberty Life; Avbob; Capitec Funeral|capitec funeral; Doves; NRMA; AAMI; "
        "Budget Direct; Medibank; HCF; nib|nib health; Suncorp; RACV; RAC Insurance|rac insurance; Youi; QBE; "
        "Intact Insurance|intact; Manulife; Sun Life; Canada Life; Belair Direct|belairdirect; Desjardins Insurance; "
        "TD Insurance; Co-operators|cooperators; Wawanesa; Porto Seguro; SulAmérica|sulamerica; Bradesco Seguros; "
        "Amil; Unimed; Hapvida; NotreDame Intermédica|notredame; Allianz Travel|allianz travel; World Nomads; "
        "SafetyWing; Generali; Mapfre; Ageas; Aon",
    ),
    _shops(
        "GENERAL_SERVICES_POSTAGE_AND_SHIPPING",
        "a postal and shipping service",
        "USPS|usps com|usps po|usps stamps|us postal service|united states postal; "
        "UPS|the ups store|ups store|ups com; FedEx|fedex office|fedex kinkos; DHL|dhl express; Royal Mail; "
        "Post Office|post office ltd; Parcelforce; Evri|hermes parcelnet; DPD; Yodel; Canada Post|postes canada; "
        "Purolator; Australia Post|auspost; Sendle; PostNet; The Courier Guy|courier guy; Aramex; Pargo; "
        "Fastway Couriers|fastway; Correios; Stamps.com|stamps com; Pitney Bowes; Shippo; ShipStation; "
        "Pirate Ship|pirateship; Sendcloud; Loggi; Jadlog; GLS; La Poste; Deutsche Post; PostNL; bpost",
    ),
    _shops(
        "GENERAL_SERVICES_STORAGE",
        "a storage company",
        "Public Storage; Extra Space Storage|extra space; CubeSmart; U-Haul|uhaul|u haul; Life Storage; Storage King; "
        "Big Yellow; Safestore; Stor-Age|stor age; StorageMart; SmartStop; Simply Self Storage; Storage Post; "
        "National Storage; Kennards Self Storage; Access Self Storage; Lok'nStore|loknstore; "
        "PODS Moving|pods moving|pods storage; 1-800-PACK-RAT|pack rat; Clutter; Neighbor Storage",
    ),
    _shops(
        "GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING",
        "a tax and accounting service",
        "TurboTax|intuit turbotax|turbo tax; H&R Block|hr block|h r block; Jackson Hewitt; "
        "Liberty Tax Service|liberty tax; TaxAct; TaxSlayer; FreeTaxUSA; Credit Karma Tax; Experian; Equifax; "
        "TransUnion; myFICO|fico; Credit Sesame; LifeLock; IdentityForce; TaxTim; SimpleTax; "
        "Personal Capital|empower personal; YNAB|you need a budget; Monarch Money; Copilot Money; "
        "Rocket Money|truebill; Tiller Money",
    ),
    _shops(
        "GENERAL_SERVICES_CONSULTING_AND_LEGAL",
        "a legal service",
        "LegalZoom|legal zoom; Rocket Lawyer; Nolo; LegalShield|legal shield; Avvo; DoNotPay; "
        "Trust & Will|trust will; Clerky; Stripe Atlas",
    ),
    _shops(
        "GENERAL_SERVICES_EDUCATION",
        "an education provider",
        "Coursera; Udemy; edX; Khan Academy; Chegg; MasterClass; Skillshare; Pluralsight; LinkedIn Learning; "
        "Codecademy; Brilliant.org|brilliant org; Babbel; Rosetta Stone; Kumon; Sylvan Learning|sylvan; Mathnasium; "
        "Huntington Learning; Varsity Tutors; Princeton Review; Kaplan; Magoosh; Quizlet; Course Hero|coursehero; "
        "Studocu; Blinkist; Outschool; ABCmouse; Prodigy Game; Unisa; Pearson Education|pearson vue; "
        "McGraw Hill|mcgraw hill; Cengage; Sallie Mae Tuition; Flywire; ParentPay; Tuition Express; ClassDojo; "
        "Open University; Damelin; Varsity College; Boston City Campus",
    ),
    _shops(
        "GENERAL_SERVICES_CHILDCARE",
        "a childcare provider",
        "KinderCare; Bright Horizons; Goddard School; La Petite Academy; Primrose School|primrose schools; "
        "Learning Care Group; Children's Learning Adventure|childrens learning adventure; "
        "The Learning Experience|learning experience; Tutor Time; Kids R Kids; Care.com|care com; Sittercity; "
        "UrbanSitter; Busy Bees; Nanny Lane; YMCA Childcare",
    ),
]

_SERVICE_WORDS = [
    _same(
        WORD,
        "GENERAL_SERVICES_INSURANCE",
        "insurance; ins; insurer; insurers; ins prem; insurance premium; premiums; assurance; assurances; insure; "
        "ins co; life insurance; health insurance; auto insurance; car insurance; home insurance; "
        "homeowners insurance; renters insurance; travel insurance; pet insurance; dental insurance; "
        "vision insurance; medical aid; funeral cover; funeral plan; funeral policy; policy premium; seguro; seguros; "
        "versicherung; assurance vie; medicare premium; medicare",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_EDUCATION",
        "school; schools; school fees; school fee; tuition; tuition fee; tuition fees; university; univ; college; "
        "academy; learning; education; educational; tutoring; tutor; tutors; course; courses; course fee; "
        "course fees; exam fee; exam fees; textbooks; textbook; student fees; kindergarten; preschool; pre school; "
        "montessori; driving school; language school; music lessons; lessons; seminar; workshop; training; escola; "
        "faculdade; universidade; colegio",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_CHILDCARE",
        "childcare; child care; daycare; day care; babysitter; babysitting; nanny; nannies; au pair; after school; "
        "afterschool; aftercare; creche; nursery; nursery school; child minder; childminder; kids club; summer camp; "
        "day camp",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_POSTAGE_AND_SHIPPING",
        "postage; postal; shipping; courier; couriers; parcel; parcels; freight; stamps; mailing; po box",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_STORAGE",
        "self storage; storage unit; storage units; mini storage; storage; mini warehouse",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING",
        "accountant; accountants; accounting; cpa; bookkeeping; bookkeeper; tax prep; tax preparation; tax service; "
        "tax services; tax preparer; financial advisor; financial adviser; financial planning; financial planner; "
        "wealth management; credit report; credit monitoring; payroll service",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_CONSULTING_AND_LEGAL",
        "attorney; attorneys; law office; law offices; law firm; law group; lawyer; lawyers; legal; legal services; "
        "notary; notary public; solicitor; solicitors; advocates; paralegal; mediation; court reporter; consulting; "
        "consultants; consultancy; consultant; conveyancing; conveyancer",
    ),
    _same(
        WORD,
        "GENERAL_SERVICES_OTHER_GENERAL_SERVICES",
        "membership fee; membership fees; membership; subscription; subscriptions; funeral; funeral home; "
        "funeral services; cemetery; mortuary; cremation; moving; movers; moving company; removals; cleaning service; "
        "cleaning services; maid; maids; house cleaning; housekeeping; janitorial; photography; photographer; "
        "printing services; dating; matchmaking; key cutting; shoe repair; cobbler; watch repair; translation; "
        "marketing; advertising; web hosting; domain; software; cloud storage; vpn; background check",
    ),
    _same(WEAK, "GENERAL_SERVICES_OTHER_GENERAL_SERVICES", "services; service"),
]

# Health and personal care.
_CARE = [
    _shops(
        "MEDICAL_PHARMACIES_AND_SUPPLEMENTS",
        "a pharmacy",
        "CVS Pharmacy|cvs|cvs pharmacy|cvs pharm|cvs store; Walgreens|walgreen|walgreens store; "
        "Rite Aid|riteaid|rite aid store; Duane Reade; Boots|boots uk|boots the chemist; Superdrug; "
        "Lloyds Pharmacy|lloydspharmacy; Well Pharmacy; Clicks|clicks pharmacy|clicks group; "
        "Dis-Chem|dischem|dis chem; Chemist Warehouse; Priceline Pharmacy; "
        "Shoppers Drug Mart|shoppers drug mart|shoppers drug; Jean Coutu; London Drugs; Pharmaprix; Rexall; "
        "GNC|gnc live well; Vitamin Shoppe|vitamin shoppe; Holland & Barrett|holland barrett; Drogasil; "
        "Droga Raia|drogaraia; Pague Menos; Drogaria São Paulo|drogaria sao paulo; Panvel; Alpha Pharm; Medirite; "
        "Express Scripts; OptumRx|optum rx; CVS Caremark|caremark; Capsule Pharmacy; Amazon Pharmacy|amazon pharmacy; "
        "PillPack; Hims & Hers|hims hers|forhims; Ro Health|ro co; GoodRx; Cost Plus Drugs; Kinney Drugs; "
        "Bartell Drugs|bartell; Harmon Face Values; Discount Drug Mart; Fruth Pharmacy; Thrifty White; "
        "Kroger Pharmacy; Costco Pharmacy; Sam's Club Pharmacy|sams club pharmacy; Walmart Pharmacy|walmart pharmacy; "
        "Target Pharmacy; Medplus; Netmeds; Pharmacy2U; Echo Pharmacy; Myprotein; Bodybuilding.com|bodybuilding com; "
        "iHerb; Nature's Sunshine; Herbalife; Dischem Pharmacy",
    ),
    _shops(
        "MEDICAL_PRIMARY_CARE",
        "a healthcare provider",
        "Kaiser Permanente Medical|kp medical; MinuteClinic|minute clinic; CityMD; One Medical|1life healthcare; "
        "Teladoc; MDLive|md live; Amwell; Doctor on Demand; ZocDoc; Carbon Health; Forward Health; Sesame Care; "
        "PlushCare; Babylon Health; Livi; Quest Diagnostics|quest diag; Labcorp|lab corp|laboratory corp; "
        "Lancet Laboratories|lancet labs; Ampath; PathCare; Netcare|netcare hospital; Mediclinic; Life Healthcare; "
        "NHS|nhs prescription; Concentra; MedExpress; Patient First; NextCare; AFC Urgent Care; GoHealth Urgent Care; "
        "FastMed; Optum|optum health; Sutter Health; Kaiser Foundation; Mayo Clinic; Cleveland Clinic; "
        "Dignity Health; HCA Healthcare|hca; Ascension Health|ascension health; CommonSpirit; Banner Health; "
        "Advocate Health; Atrium Health; Intermountain; Providence Health; Baptist Health; "
        "Adventhealth|advent health; Memorial Hermann; Northwell; NYU Langone; Mount Sinai; Stanford Health; "
        "UCSF Health; Cedars-Sinai|cedars sinai",
    ),
    _shops(
        "MEDICAL_DENTAL_CARE",
        "a dental practice",
        "Aspen Dental; Western Dental; Coast Dental; Pacific Dental; Heartland Dental; "
        "Smile Direct Club|smiledirectclub|smile direct; Invisalign; Byte Aligners|byte; ClearChoice; Bupa Dental; "
        "mydentist|my dentist; Gentle Dental; Bright Now Dental; Castle Dental; Dental Care Alliance",
    ),
    _shops(
        "MEDICAL_EYE_CARE",
        "an eye care chain",
        "Specsavers; Vision Express; LensCrafters; Warby Parker; Pearle Vision; "
        "1-800 Contacts|1 800 contacts|1800contacts; America's Best|americas best contacts; Visionworks; "
        "Eyemart Express|eyemart; Costco Optical; Walmart Vision|walmart vision center; Target Optical; "
        "Spectacle Hut; Torga Optical; Mellins; OPSM; Bailey Nelson; Zenni Optical|zenni; Glasses Direct; "
        "Boots Opticians; !Clearly|clearly ca|clearly contacts; ContactsDirect; Lens.com|lens com; "
        "Óticas Carol|oticas carol",
    ),
    _shops(
        "MEDICAL_VETERINARY_SERVICES",
        "a vet",
        "Banfield Pet Hospital|banfield; VCA Animal Hospitals|vca animal|vca hospital; BluePearl; Medivet; "
        "Vets4Pets|vets for pets; Greencross Vets; Pet Partners; Thrive Pet Healthcare|thrive pet; MedVet; NVA; "
        "Modern Animal; Bond Vet; Small Door; Trupanion; Petplan; Fetch Pet Insurance|fetch pet; Healthy Paws; "
        "Embrace Pet|embrace pet insurance; Pets Best; ASPCA Pet|aspca pet health",
    ),
    _shops(
        "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS",
        "a gym",
        "Planet Fitness|planet fit|pf membership; LA Fitness|la fitness|lafitness; "
        "24 Hour Fitness|24hr fitness|24 hr fitness; Anytime Fitness; Gold's Gym|golds gym; Equinox; "
        "Crunch Fitness|crunch; Orangetheory|orange theory|orangetheory fitness|otf; "
        "Life Time Fitness|life time fitness|lifetime fitness|life time; YMCA|ymca of; YWCA; SoulCycle; "
        "Peloton|peloton interactive; F45|f45 training; Snap Fitness; PureGym|pure gym; The Gym Group|gym group; "
        "David Lloyd; Virgin Active; Fitness First; Jetts; GoodLife Fitness|goodlife; ClassPass; "
        "Barry's|barrys bootcamp|barrys; CorePower Yoga|corepower; Smart Fit|smartfit; Bodytech; Blink Fitness; "
        "EoS Fitness|eos fitness; Club Pilates; Pure Barre; Xponential; Chuze Fitness; Workout Anytime; Youfit; "
        "Retro Fitness; Crunch Gym; UFC Gym; 9Round; Title Boxing; Gymshark; Zwift; Strava; Beachbody; Apple Fitness; "
        "Les Mills; Nuffield Health; Bannatyne; Everlast Gyms; Sats; Basic-Fit|basic fit; McFit; Fit4Less|fit4less; "
        "Movati; Zone Fitness; Sweat440; Mindbody|mindbody online",
    ),
    _shops(
        "PERSONAL_CARE_HAIR_AND_BEAUTY",
        "a hair and beauty business",
        "Great Clips; Supercuts; Sport Clips; Fantastic Sams; Regis Salons|regis salon; Cost Cutters; SmartStyle; "
        "Hair Cuttery; Floyd's 99|floyds 99|floyds barbershop; Ulta|ulta beauty|ulta com; "
        "Sephora|sephora com|sephora usa; Sally Beauty; European Wax Center|european wax; Drybar; "
        "Lush|lush cosmetics|lush fresh; The Body Shop; Glossier; Massage Envy; Hand & Stone|hand stone massage; "
        "Elements Massage; Massage Heights; Benefit Cosmetics; MAC Cosmetics|mac cosmetics; Kiehl's|kiehls; Clinique; "
        "Estée Lauder|estee lauder; Fenty Beauty; Rare Beauty; Ipsy; Birchbox; Boxycharm; Dollar Shave Club; "
        "Harry's Shave|harrys shave|harrys com; Gillette; Braun; Perfumania; Fragrancenet; Space NK; Cult Beauty; "
        "Lookfantastic; Feelunique; Beauty Bay; Mecca Cosmetica|mecca beauty; Adore Beauty; Rituals; "
        "L'Occitane|loccitane; Yves Rocher; The Ordinary|deciem; Olaplex; Madison Reed; eSalon; Nails Inc; "
        "Regal Nails; Salon Centric|saloncentric; Camille Albane; Toni & Guy|toni guy|toni and guy; Rush Hair; "
        "Headmasters; Sorbet Salon|sorbet beauty; Placecol; Perfect 10; Candice Berg; "
        "O Boticário|o boticario|boticario; Natura|natura cosmeticos; "
        "Avon Products|avon cosmetics|avon representative; Mary Kay; Sally Hansen; Tan-Luxe; Sun Tan City; "
        "Palm Beach Tan",
    ),
    _shops(
        "PERSONAL_CARE_LAUNDRY_AND_DRY_CLEANING",
        "a laundry service",
        "Rinse; Cleanly; Tide Cleaners; Hamperapp; Laundryheap; Washmen; Zips Dry Cleaners|zips cleaners; "
        "Martinizing; Dryclean USA; Johnson Cleaners; Timpson Dry Cleaning; "
        "CSC ServiceWorks|csc serviceworks; Coinmach; WASH Multifamily|wash multifamily; Mac-Gray|mac gray; SpinCycle; "
        "PayRange",
    ),
]

_CARE_WORDS = [
    _same(
        WORD,
        "MEDICAL_PHARMACIES_AND_SUPPLEMENTS",
        "pharmacy; pharmacies; pharmacist; pharm; chemist; chemists; drugstore; drug store; drugs; drug mart; "
        "apotheke; apotek; farmacia; farmacias; drogaria; drogarias; pharmacie; prescription; prescriptions; rx; "
        "supplements; supplement; vitamins; vitamin; nutrition; health store; health shop; health foods",
    ),
    _same(
        WORD,
        "MEDICAL_PRIMARY_CARE",
        "doctor; doctors; doctor visit; physician; physicians; clinic; clinics; medical; medical center; "
        "medical centre; medical group; medical practice; medical clinic; health center; health centre; "
        "family medicine; family practice; pediatrics; paediatrics; pediatric; paediatric; pediatrician; urgent care; "
        "walk in clinic; internal medicine; primary care; gp; gp surgery; surgery; dermatology; dermatologist; "
        "orthopedics; orthopaedic; orthopaedics; cardiology; obgyn; ob gyn; gynecology; gynaecology; radiology; "
        "imaging; mri; xray; x ray; ultrasound; laboratory; laboratories; pathology; diagnostics; diagnostic; "
        "physiotherapy; physio; physiotherapist; physical therapy; occupational therapy; speech therapy; "
        "chiropractic; chiropractor; chiropractors; osteopath; podiatry; podiatrist; counseling; counselling; "
        "counselor; therapy; therapist; psychologist; psychology; psychiatry; psychiatrist; psychotherapy; "
        "mental health; telehealth; telemedicine; allergy; audiology; hearing aids; urology; oncology; neurology; "
        "acupuncture; naturopath; homeopath; dietitian; nutritionist; health; healthcare; health care; medico; "
        "consultorio",
    ),
    _same(
        WORD,
        "MEDICAL_DENTAL_CARE",
        "dental; dentist; dentists; dentistry; orthodontics; orthodontist; orthodontic; oral surgery; oral surgeon; "
        "endodontics; periodontics; dental care; dental clinic; dental group; dental office; dental checkup; "
        "dental check up; odontologia; dentista; hygienist",
    ),
    _same(
        WORD,
        "MEDICAL_EYE_CARE",
        "optometrist; optometrists; optometry; optician; opticians; optical; optics; eye care; eyecare; "
        "vision center; vision centre; vision care; eye doctor; eye clinic; ophthalmology; ophthalmologist; eyewear; "
        "spectacles; eyeglasses; contact lenses; otica",
    ),
    _same(
        WORD,
        "MEDICAL_VETERINARY_SERVICES",
        "vet; vets; veterinary; veterinarian; veterinarians; animal hospital; animal clinic; pet hospital; "
        "vet clinic; animal health; pet clinic; veterinaria",
    ),
    _same(
        WORD,
        "MEDICAL_NURSING_CARE",
        "nursing home; nursing care; nursing; home care; home health; home healthcare; assisted living; "
        "senior living; senior care; care home; care homes; hospice; caregiver; caregivers; elder care; aged care; "
        "retirement home; retirement village; memory care",
    ),
    _same(
        WORD,
        "MEDICAL_OTHER_MEDICAL",
        "hospital; hospitals; ambulance; emergency room; er visit; medical supplies; medical supply; "
        "medical equipment; blood work; lab work; hospital bill; medical bill; health system; surgical; "
        "surgery center; ambulatory; mobility aids; hearing; dialysis; fertility; blood bank; hospitais",
    ),
    _same(
        WORD,
        "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS",
        "gym; gyms; club fees; club fee; membership dues; fitness; fitness center; fitness centre; fitness club; "
        "health club; yoga; yoga studio; pilates; crossfit; barre; boxing; kickboxing; martial arts; karate; "
        "taekwondo; jiu jitsu; judo; mma; dance studio; dance class; dance classes; climbing gym; bouldering; "
        "spin class; cycle studio; bootcamp; boot camp; personal trainer; personal training; leisure centre; "
        "leisure center; recreation center; recreation centre; rec center; aquatic center; swimming pool; "
        "swim school; academia; gym membership; fitness membership; workout",
    ),
    _same(
        WORD,
        "PERSONAL_CARE_HAIR_AND_BEAUTY",
        "salon; salons; hair; hairdresser; hairdressers; hairdressing; hair salon; hair studio; hair design; "
        "hairstylist; stylist; barber; barbers; barbershop; barber shop; barbearia; beauty; beauty salon; beauty bar; "
        "beauty supply; cosmetics; nail; nails; nail salon; nail bar; manicure; pedicure; spa; day spa; med spa; "
        "medspa; massage; massages; waxing; wax; brow; brows; lash; lashes; tanning; tanning salon; spray tan; "
        "skincare; skin care; makeup; perfume; perfumes; perfumery; fragrance; fragrances; esthetics; aesthetics; "
        "esthetician; threading; facial; facials; botox; laser hair; electrolysis; cabeleireiro; kapper; friseur; "
        "coiffure",
    ),
    _same(
        WORD,
        "PERSONAL_CARE_LAUNDRY_AND_DRY_CLEANING",
        "laundry; laundromat; laundrette; launderette; laundries; dry clean; dry cleaning; dry cleaner; dry cleaners; "
        "drycleaning; drycleaners; cleaners; wash and fold; wash fold; coin laundry; lavanderia; wasserette",
    ),
    _same(
        WORD,
        "PERSONAL_CARE_OTHER_PERSONAL_CARE",
        "tattoo; tattoos; tattoo studio; piercing; piercings; personal care; sauna; bathhouse; float spa; cryotherapy",
    ),
]

# Government and charities. Tax is the one direction-dependent case: money in from a tax office is a refund.
_GOVERNMENT = [
    _Known(
        WORD,
        "tax; taxes; income tax; property tax; sales tax; state tax; federal tax; estimated tax; tax payment; "
        "tax pmt; tax pymt; council tax; rates and taxes; rates taxes; municipal rates; vat; vat payment; vat return; "
        "irs; irs usataxpymt; usataxpymt; eftps; franchise tax; franchise tax bd; hmrc; hm revenue; "
        "hm revenue customs; sars; sars efiling; canada revenue agency; canada revenue; receiver general; ato; "
        "australian taxation office; county treasurer; tax collector; tax commissioner; dept of revenue; "
        "department of revenue; dept of taxation; us treasury; treasury; comptroller; receita federal; darf; ipva; "
        "iptu",
        "GOVERNMENT_AND_NON_PROFIT_TAX_PAYMENT",
        "INCOME_TAX_REFUND",
    ),
    _same(
        WORD,
        "GOVERNMENT_AND_NON_PROFIT_GOVERNMENT_DEPARTMENTS_AND_AGENCIES",
        "dmv; dept of motor vehicles; department of motor vehicles; motor vehicles; motor vehicle dept; dvla; "
        "vehicle registration; vehicle licence; vehicle license; license renewal; licence renewal; licence disc; "
        "passport; passports; passport office; uscis; immigration; home affairs; court; courts; court fees; "
        "district court; municipal court; traffic court; county clerk; clerk of court; gov uk; police; sheriff; "
        "license fee; licence fee; permit; permits; permit fee; citation; traffic fine; traffic fines; parking fine; "
        "parking ticket; parking citation; penalty charge; tv licence; tv licensing; council; municipality; "
        "municipal; recorder; registry; land registry; public works; fishing license; hunting license; "
        "national insurance; social security administration",
    ),
    # Weak: "City of Austin Utilities" is a utility bill.
    _same(
        WEAK,
        "GOVERNMENT_AND_NON_PROFIT_GOVERNMENT_DEPARTMENTS_AND_AGENCIES",
        "city of; county of; town of; village of; borough of; township; township of; dept of; department of; govt; "
        "government; gov",
    ),
    _same(
        WORD,
        "GOVERNMENT_AND_NON_PROFIT_DONATIONS",
        "donation; donations; donate; charity; charities; charitable; church; churches; tithe; tithes; tithing; "
        "offering; ministries; mosque; masjid; synagogue; temple; parish; diocese; fundraiser; fundraising; "
        "nonprofit; non profit; ngo; gofundme; go fund me; red cross; american red cross; unicef; salvation army; "
        "st jude; oxfam; cancer research; british heart foundation; doctors without borders; world vision; "
        "compassion international; habitat for humanity; wikimedia; wikipedia; kiva; justgiving; just giving; "
        "givengain; actblue; winred; npr; pbs; public radio; public broadcasting; make a wish; feeding america; "
        "food bank; foodbank; planned parenthood; aclu; sierra club; nature conservancy; wwf; greenpeace; amnesty; "
        "save the children; givewell; against malaria; gift aid; zakat; sadaqah; humane society; aspca; spca; rspca; "
        "animal shelter; animal rescue; united way; ymca donation; donorbox; benevity; pushpay; tithe ly; tithely; "
        "givelify; church center; easytithe; faith promise",
    ),
    _same(
        WORD,
        "GOVERNMENT_AND_NON_PROFIT_OTHER_GOVERNMENT_AND_NON_PROFIT",
        "union dues; dues; association dues; political; campaign; embassy; consulate; visa application; visa fee; "
        "customs duty; import duty; border crossing",
    ),
]

# Banking words that say nothing about what was bought: matched so that their words are not read again
# ("debit card purchase" is not "card" plus "purchase"), but they give no category of their own.
_NOISE = [
    _Known(
        WEAK,
        "purchase; purchase authorized; purchase authorised; credit card purchase; credit card purch; "
        "debit card purchase; debit card; card purchase; pos purchase; "
        "pos debit; point of sale; checkcard; check card; visa purchase; visa debit; recurring payment; "
        "recurring card purchase; card payment; payment; pmt; bill payment; bill pay; online payment; web payment; "
        "ach debit; ach credit; ach; debit; credit; debit order; eft; magtape; debicheck; naedo; electronic payment; "
        "purchase return; refund; reversal; return; returned; chargeback; adjustment; pending; authorization; "
        "card ending; contactless; apple pay; google pay; samsung pay",
        None,
        None,
    ),
]

_KNOWLEDGE = [
    *_FEES,
    *_TRANSFERS,
    *_LOANS,
    *_INCOME,
    *_FOOD_CHAINS,
    *_FOOD_WORDS,
    *_SHOPS,
    *_SHOP_WORDS,
    *_HOME,
    *_HOME_WORDS,
    *_TRANSPORT,
    *_TRANSPORT_WORDS,
    *_TRAVEL,
    *_TRAVEL_WORDS,
    *_BILLS,
    *_BILL_WORDS,
    *_ENTERTAINMENT,
    *_ENTERTAINMENT_WORDS,
    *_SERVICES,
    *_SERVICE_WORDS,
    *_CARE,
    *_CARE_WORDS,
    *_GOVERNMENT,
    *_NOISE,
]


class _Entry(NamedTuple):
    out: str | None
    into: str | None
    unknown: str | None
    strength: int
    name: str  # the merchant's name, or "" for a generic phrase
    label: str  # the kind of business for a merchant, the phrase itself for a generic phrase


def _compile() -> tuple[dict[str, _Entry], dict[str, int]]:
    """The lookup table by merchant key, and for each first word the most words a phrase starting with it has."""
    table: dict[str, _Entry] = {}

    def add(spelling: str, entry: _Entry) -> None:
        key = " ".join(key_words(spelling))
        if not key:
            raise ValueError(f"{spelling!r} has no words to match")
        if key in table and table[key] != entry:
            raise ValueError(f"{spelling!r} is listed twice: {table[key]} and {entry}")
        table[key] = entry

    for known in _KNOWLEDGE:
        unknown = known.unknown or known.out or known.into
        for item in known.phrases.split("; "):
            if known.kind:  # a business: every spelling leads to it, and the reason names it by the first
                spellings = item.split("|")
                name = spellings[0].removeprefix("!")
                if name != spellings[0]:  # a name that is also a word or a first name is only shown
                    spellings = spellings[1:]
                entry = _Entry(known.out, known.into, unknown, known.strength, name, known.kind)
            else:
                spellings, entry = [item], _Entry(known.out, known.into, unknown, known.strength, "", item)
            for spelling in spellings:
                add(spelling, entry)
    longest: dict[str, int] = {}
    for key in table:
        first, size = key.split(" ", 1)[0], key.count(" ") + 1
        longest[first] = max(longest.get(first, 0), size)
    return table, longest


_TABLE, _LONGEST = _compile()


class _Hit(NamedTuple):
    strength: int
    size: int
    entry: _Entry
    where: str  # "merchant name" or "description"


def _best_hit(words: list[str], where: str, best: _Hit | None, direction: int) -> _Hit | None:
    """The strongest phrase in `words` that has a code for `direction`, if stronger than `best`.

    Phrases are read left to right, longest first, and a phrase's words are not read again: "school fees" is
    one phrase, not "school" and then "fees".
    """
    table, longest, count = _TABLE, _LONGEST, len(words)
    i = 0
    while i < count:
        most = longest.get(words[i])
        if most is None:
            i += 1
            continue
        for size in range(min(most, count - i), 0, -1):
            entry = table.get(" ".join(words[i : i + size]) if size > 1 else words[i])
            if entry is not None:
                break
        else:
            i += 1
            continue
        i += size
        if _code(entry, direction) is None:
            continue
        if _beats(entry, size, where, best):
            best = _Hit(entry.strength, size, entry, where)
    return best


def _beats(entry: _Entry, size: int, where: str, best: _Hit | None) -> bool:
    """Whether a match beats the best so far: stronger, else longer (more specific), else see below."""
    if best is None:
        return True
    if (entry.strength, size) != (best.strength, best.size):
        return (entry.strength, size) > (best.strength, best.size)
    # A tie. The merchant name (read first) and the first business named stay. Of two generic words in one text, a
    # word that means something only in this direction wins ("payroll" on money in, over "tools"); else the last
    # says what the business is: "Water Street Cafe", "Market St Grill".
    if where != best.where or entry.name or best.entry.name:
        return False
    return _one_way(entry) or not _one_way(best.entry)


def _one_way(entry: _Entry) -> bool:
    return entry.out is None or entry.into is None


def _code(entry: _Entry, direction: int) -> str | None:
    if direction < 0:
        return entry.out
    return entry.into if direction > 0 else entry.unknown


def _direction(amount: Decimal | None) -> int:
    """-1 money out, 1 money in, 0 unknown."""
    if not amount:
        return 0
    return 1 if amount > 0 else -1


def _reason(hit: _Hit, direction: int) -> str:
    entry = hit.entry
    if entry.name:
        return f"{entry.name} is {entry.label}"
    reason = f"“{entry.label}” in the {hit.where}"
    if entry.out != entry.into and direction:
        reason += ", money in" if direction > 0 else ", money out"
    return reason


def known_category(description: str, merchant: str, *, amount: Decimal | None = None) -> Guess | None:
    """What the knowledge base says about a transaction, or None when it knows nothing about it."""
    direction = _direction(amount)
    best = _best_hit(key_words(merchant), "merchant name", None, direction) if merchant else None
    best = _best_hit(key_words(description), "description", best, direction)
    if best is None and not merchant:
        # The cleaner knows bank spellings of brands (AMZN, WHOLEFDS) that are not words of the description.
        best = _best_hit(key_words(clean_merchant(description)), "merchant name", None, direction)
    if best is None:
        return None
    return Guess(_code(best.entry, direction), _reason(best, direction))


# Step 5. Money back is not income, and words that mark an inflow as pay when the payer is a company.
_MONEY_BACK = frozenset(
    "refund refunds refunded reversal reversed rev return returned chargeback rebate dispute".split()
)
_COMPANY = frozenset("inc corp corporation co company llc ltd limited plc pty gmbh group holdings".split())


def heuristic_category(description: str, amount: Decimal) -> Guess | None:
    """A guess from the shape of a transaction that no known name or word explained, or None.

    Only pay is guessed: money in from a company through a direct deposit (ACH "PPD", UK "BGC") or marked "PAY".
    Money out without a known name stays unexplained: "CHECK 1234" says nothing about what it paid for.
    """
    if amount <= 0:
        return None
    words = key_words(description)
    if _MONEY_BACK.intersection(words):
        return None
    payer = clean_merchant(description)
    if not payer:
        return None
    if "ppd" in words or "bgc" in words:  # an ACH direct deposit, a UK bank giro credit
        return Guess("INCOME_SALARY", f"A direct deposit from {payer}, the way pay arrives")
    if "pay" in words and _COMPANY.intersection(words):
        return Guess("INCOME_SALARY", f"Money in from the company {payer}, marked as pay")
    return None
