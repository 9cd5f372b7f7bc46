"""Plaid's personal-finance categories (PFC v2): every primary and detailed code, with the names people see.

A copy of Plaid's list is in ../shared/corpus/plaid/taxonomy/; the codes are repeated here as data so that the
app, the category seed and the built-in knowledge never depend on that folder.
"""

TAXONOMY: dict[str, dict[str, str]] = {
    "INCOME": {
        "INCOME_CHILD_SUPPORT": "Child support",
        "INCOME_DIVIDENDS": "Dividends",
        "INCOME_GIG_ECONOMY": "Gig work",
        "INCOME_INTEREST_EARNED": "Interest earned",
        "INCOME_LONG_TERM_DISABILITY": "Disability benefits",
        "INCOME_MILITARY": "Military pay",
        "INCOME_RENTAL": "Rental income",
        "INCOME_RETIREMENT_PENSION": "Pension & retirement",
        "INCOME_SALARY": "Salary",
        "INCOME_TAX_REFUND": "Tax refund",
        "INCOME_UNEMPLOYMENT": "Unemployment benefits",
        "INCOME_OTHER": "Other income",
    },
    "LOAN_DISBURSEMENTS": {
        "LOAN_DISBURSEMENTS_AUTO": "Car loan received",
        "LOAN_DISBURSEMENTS_BNPL": "Buy now, pay later",
        "LOAN_DISBURSEMENTS_CASH_ADVANCES": "Cash advance",
        "LOAN_DISBURSEMENTS_EWA": "Earned wage advance",
        "LOAN_DISBURSEMENTS_MORTGAGE": "Mortgage received",
        "LOAN_DISBURSEMENTS_PERSONAL": "Personal loan received",
        "LOAN_DISBURSEMENTS_STUDENT": "Student loan received",
        "LOAN_DISBURSEMENTS_OTHER_DISBURSEMENT": "Other loan received",
    },
    "LOAN_PAYMENTS": {
        "LOAN_PAYMENTS_CAR_PAYMENT": "Car payment",
        "LOAN_PAYMENTS_CASH_ADVANCES": "Cash advance repayment",
        "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT": "Credit card payment",
        "LOAN_PAYMENTS_EWA": "Wage advance repayment",
        "LOAN_PAYMENTS_MORTGAGE_PAYMENT": "Mortgage payment",
        "LOAN_PAYMENTS_PERSONAL_LOAN_PAYMENT": "Personal loan payment",
        "LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT": "Student loan payment",
        "LOAN_PAYMENTS_OTHER_PAYMENT": "Other loan payment",
    },
    "TRANSFER_IN": {
        "TRANSFER_IN_ACCOUNT_TRANSFER": "Transfer in",
        "TRANSFER_IN_DEPOSIT": "Deposit",
        "TRANSFER_IN_INVESTMENT_AND_RETIREMENT_FUNDS": "From investments",
        "TRANSFER_IN_SAVINGS": "From savings",
        "TRANSFER_IN_WIRE": "Wire received",
        "TRANSFER_IN_OTHER_TRANSFER_IN": "Other money in",
    },
    "TRANSFER_OUT": {
        "TRANSFER_OUT_ACCOUNT_TRANSFER": "Transfer out",
        "TRANSFER_OUT_INVESTMENT_AND_RETIREMENT_FUNDS": "To investments",
        "TRANSFER_OUT_SAVINGS": "To savings",
        "TRANSFER_OUT_WIRE": "Wire sent",
        "TRANSFER_OUT_WITHDRAWAL": "Cash withdrawal",
        "TRANSFER_OUT_OTHER_TRANSFER_OUT": "Other money out",
    },
    "BANK_FEES": {
        "BANK_FEES_ATM_FEES": "ATM fees",
        "BANK_FEES_INSUFFICIENT_FUNDS": "Insufficient funds fees",
        "BANK_FEES_INTEREST_CHARGE": "Interest charged",
        "BANK_FEES_FOREIGN_TRANSACTION_FEES": "Foreign transaction fees",
        "BANK_FEES_OVERDRAFT_FEES": "Overdraft fees",
        "BANK_FEES_LATE_FEES": "Late fees",
        "BANK_FEES_CASH_ADVANCE": "Cash advance fees",
        "BANK_FEES_OTHER_BANK_FEES": "Other bank fees",
    },
    "ENTERTAINMENT": {
        "ENTERTAINMENT_CASINOS_AND_GAMBLING": "Gambling & lotteries",
        "ENTERTAINMENT_MUSIC_AND_AUDIO": "Music & audio",
        "ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS": "Events, parks & museums",
        "ENTERTAINMENT_TV_AND_MOVIES": "TV & movies",
        "ENTERTAINMENT_VIDEO_GAMES": "Video games",
        "ENTERTAINMENT_OTHER_ENTERTAINMENT": "Other entertainment",
    },
    "FOOD_AND_DRINK": {
        "FOOD_AND_DRINK_BEER_WINE_AND_LIQUOR": "Beer, wine & liquor",
        "FOOD_AND_DRINK_COFFEE": "Coffee",
        "FOOD_AND_DRINK_FAST_FOOD": "Fast food",
        "FOOD_AND_DRINK_GROCERIES": "Groceries",
        "FOOD_AND_DRINK_RESTAURANT": "Restaurants & bars",
        "FOOD_AND_DRINK_VENDING_MACHINES": "Vending machines",
        "FOOD_AND_DRINK_OTHER_FOOD_AND_DRINK": "Other food & drink",
    },
    "GENERAL_MERCHANDISE": {
        "GENERAL_MERCHANDISE_BOOKSTORES_AND_NEWSSTANDS": "Books & news",
        "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES": "Clothing & accessories",
        "GENERAL_MERCHANDISE_CONVENIENCE_STORES": "Convenience stores",
        "GENERAL_MERCHANDISE_DEPARTMENT_STORES": "Department stores",
        "GENERAL_MERCHANDISE_DISCOUNT_STORES": "Discount stores",
        "GENERAL_MERCHANDISE_ELECTRONICS": "Electronics",
        "GENERAL_MERCHANDISE_GIFTS_AND_NOVELTIES": "Gifts & flowers",
        "GENERAL_MERCHANDISE_OFFICE_SUPPLIES": "Office supplies",
        "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES": "Online marketplaces",
        "GENERAL_MERCHANDISE_PET_SUPPLIES": "Pet supplies",
        "GENERAL_MERCHANDISE_SPORTING_GOODS": "Sporting goods",
        "GENERAL_MERCHANDISE_SUPERSTORES": "Superstores",
        "GENERAL_MERCHANDISE_TOBACCO_AND_VAPE": "Tobacco & vape",
        "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE": "Other shopping",
    },
    "HOME_IMPROVEMENT": {
        "HOME_IMPROVEMENT_FURNITURE": "Furniture & home goods",
        "HOME_IMPROVEMENT_HARDWARE": "Hardware",
        "HOME_IMPROVEMENT_REPAIR_AND_MAINTENANCE": "Repairs & maintenance",
        "HOME_IMPROVEMENT_SECURITY": "Home security",
        "HOME_IMPROVEMENT_OTHER_HOME_IMPROVEMENT": "Other home improvement",
    },
    "MEDICAL": {
        "MEDICAL_DENTAL_CARE": "Dental care",
        "MEDICAL_EYE_CARE": "Eye care",
        "MEDICAL_NURSING_CARE": "Nursing care",
        "MEDICAL_PHARMACIES_AND_SUPPLEMENTS": "Pharmacies & supplements",
        "MEDICAL_PRIMARY_CARE": "Doctors",
        "MEDICAL_VETERINARY_SERVICES": "Vets",
        "MEDICAL_OTHER_MEDICAL": "Other medical",
    },
    "PERSONAL_CARE": {
        "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS": "Gyms & fitness",
        "PERSONAL_CARE_HAIR_AND_BEAUTY": "Hair & beauty",
        "PERSONAL_CARE_LAUNDRY_AND_DRY_CLEANING": "Laundry & dry cleaning",
        "PERSONAL_CARE_OTHER_PERSONAL_CARE": "Other personal care",
    },
    "GENERAL_SERVICES": {
        "GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING": "Accounting & financial planning",
        "GENERAL_SERVICES_AUTOMOTIVE": "Car services",
        "GENERAL_SERVICES_CHILDCARE": "Childcare",
        "GENERAL_SERVICES_CONSULTING_AND_LEGAL": "Consulting & legal",
        "GENERAL_SERVICES_EDUCATION": "Education",
        "GENERAL_SERVICES_INSURANCE": "Insurance",
        "GENERAL_SERVICES_POSTAGE_AND_SHIPPING": "Postage & shipping",
        "GENERAL_SERVICES_STORAGE": "Storage",
        "GENERAL_SERVICES_OTHER_GENERAL_SERVICES": "Other services",
    },
    "GOVERNMENT_AND_NON_PROFIT": {
        "GOVERNMENT_AND_NON_PROFIT_DONATIONS": "Donations",
        "GOVERNMENT_AND_NON_PROFIT_GOVERNMENT_DEPARTMENTS_AND_AGENCIES": "Government services",
        "GOVERNMENT_AND_NON_PROFIT_TAX_PAYMENT": "Taxes",
        "GOVERNMENT_AND_NON_PROFIT_OTHER_GOVERNMENT_AND_NON_PROFIT": "Other government & non-profit",
    },
    "TRANSPORTATION": {
        "TRANSPORTATION_BIKES_AND_SCOOTERS": "Bikes & scooters",
        "TRANSPORTATION_GAS": "Fuel",
        "TRANSPORTATION_PARKING": "Parking",
        "TRANSPORTATION_PUBLIC_TRANSIT": "Public transit",
        "TRANSPORTATION_TAXIS_AND_RIDE_SHARES": "Taxis & ride shares",
        "TRANSPORTATION_TOLLS": "Tolls",
        "TRANSPORTATION_OTHER_TRANSPORTATION": "Other transportation",
    },
    "TRAVEL": {
        "TRAVEL_FLIGHTS": "Flights",
        "TRAVEL_LODGING": "Hotels & lodging",
        "TRAVEL_RENTAL_CARS": "Rental cars",
        "TRAVEL_OTHER_TRAVEL": "Other travel",
    },
    "RENT_AND_UTILITIES": {
        "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY": "Gas & electricity",
        "RENT_AND_UTILITIES_INTERNET_AND_CABLE": "Internet & cable",
        "RENT_AND_UTILITIES_RENT": "Rent",
        "RENT_AND_UTILITIES_SEWAGE_AND_WASTE_MANAGEMENT": "Sewage & waste",
        "RENT_AND_UTILITIES_TELEPHONE": "Phone",
        "RENT_AND_UTILITIES_WATER": "Water",
        "RENT_AND_UTILITIES_OTHER_UTILITIES": "Other utilities",
    },
    "OTHER": {
        "OTHER_OTHER": "Other",
    },
}

PRIMARIES: dict[str, str] = {
    "INCOME": "Income",
    "LOAN_DISBURSEMENTS": "Loans received",
    "LOAN_PAYMENTS": "Loan payments",
    "TRANSFER_IN": "Transfers in",
    "TRANSFER_OUT": "Transfers out",
    "BANK_FEES": "Bank fees",
    "ENTERTAINMENT": "Entertainment",
    "FOOD_AND_DRINK": "Food & drink",
    "GENERAL_MERCHANDISE": "Shopping",
    "HOME_IMPROVEMENT": "Home improvement",
    "MEDICAL": "Medical",
    "PERSONAL_CARE": "Personal care",
    "GENERAL_SERVICES": "Services",
    "GOVERNMENT_AND_NON_PROFIT": "Government & non-profit",
    "TRANSPORTATION": "Transportation",
    "TRAVEL": "Travel",
    "RENT_AND_UTILITIES": "Rent & utilities",
    "OTHER": "Other",
}

# Distinct hues, each with at least 4.5:1 contrast on white so that text in the color stays readable.
PRIMARY_COLORS: dict[str, str] = {
    "INCOME": "#26822E",
    "LOAN_DISBURSEMENTS": "#056363",
    "LOAN_PAYMENTS": "#5B238D",
    "TRANSFER_IN": "#1E71D0",
    "TRANSFER_OUT": "#324D74",
    "BANK_FEES": "#D72626",
    "ENTERTAINMENT": "#CE2C8A",
    "FOOD_AND_DRINK": "#BF530A",
    "GENERAL_MERCHANDISE": "#A845C9",
    "HOME_IMPROVEMENT": "#83613F",
    "MEDICAL": "#0A7F62",
    "PERSONAL_CARE": "#C94566",
    "GENERAL_SERVICES": "#6A7C0E",
    "GOVERNMENT_AND_NON_PROFIT": "#4252C0",
    "TRANSPORTATION": "#097DAE",
    "TRAVEL": "#664CE6",
    "RENT_AND_UTILITIES": "#936F04",
    "OTHER": "#737373",
}

DETAILED: dict[str, str] = {code: name for children in TAXONOMY.values() for code, name in children.items()}

_PRIMARY_OF = {code: primary for primary, children in TAXONOMY.items() for code in children}


def primary_of(code: str) -> str:
    """The primary of a detailed code (a primary is its own); a person's own code counts under its prefix."""
    if code in _PRIMARY_OF:
        return _PRIMARY_OF[code]
    if code in PRIMARIES:
        return code
    # Codes people add under a primary start with it, e.g. FOOD_AND_DRINK_LUNCH_AT_WORK.
    owners = [primary for primary in PRIMARIES if code.startswith(primary + "_")]
    if not owners:
        raise ValueError(f"{code!r} is not a category code")
    return max(owners, key=len)


# Plaid's version 1 codes that were renamed in version 2 (all other v1 codes are also v2 codes).
V1_TO_V2 = {
    "INCOME_WAGES": "INCOME_SALARY",
    "INCOME_OTHER_INCOME": "INCOME_OTHER",
    "TRANSFER_IN_CASH_ADVANCES_AND_LOANS": "LOAN_DISBURSEMENTS_OTHER_DISBURSEMENT",
}


def categories_copy(category_model, user) -> None:
    """Give `user` every taxonomy category they lack. Takes the model so the data migration can pass its own."""
    have = {c.code: c for c in category_model.objects.filter(user=user).exclude(code="")}
    primaries = [
        category_model(user=user, code=code, name=name, color=PRIMARY_COLORS[code])
        for code, name in PRIMARIES.items()
        if code not in have
    ]
    for primary in category_model.objects.bulk_create(primaries):
        have[primary.code] = primary
    category_model.objects.bulk_create(
        category_model(
            user=user, code=code, name=name, parent=have[primary_of(code)], color=PRIMARY_COLORS[primary_of(code)]
        )
        for code, name in DETAILED.items()
        if code not in have
    )
