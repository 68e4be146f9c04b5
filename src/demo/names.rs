//! Invented names, places and phrases for demo data. Every person, ward, gang and
//! venue here is made up; none is taken from the source documents.

pub(super) const FIRST_NAMES: &[&str] = &[
    "Aaron",
    "Abdi",
    "Adebayo",
    "Aiden",
    "Alfie",
    "Amara",
    "Amir",
    "Aniyah",
    "Ayaan",
    "Bailey",
    "Brandon",
    "Caleb",
    "Callum",
    "Chantelle",
    "Chidi",
    "Connor",
    "Dami",
    "Dante",
    "Darnell",
    "Demi",
    "Deshawn",
    "Eden",
    "Elijah",
    "Emre",
    "Ezra",
    "Faisal",
    "Harley",
    "Hassan",
    "Idris",
    "Imani",
    "Isaac",
    "Jaden",
    "Jamal",
    "Jayden",
    "Jordan",
    "Josiah",
    "Kacper",
    "Kai",
    "Kayden",
    "Keanu",
    "Kemi",
    "Kian",
    "Kofi",
    "Lacey",
    "Leon",
    "Levi",
    "Luca",
    "Malik",
    "Marcus",
    "Mason",
    "Mikey",
    "Nathan",
    "Nia",
    "Omari",
    "Oscar",
    "Precious",
    "Rafi",
    "Reece",
    "Riley",
    "Rohan",
    "Ruben",
    "Ryan",
    "Sami",
    "Shay",
    "Tariq",
    "Tayo",
    "Tia",
    "Tyler",
    "Tyrese",
    "Yusuf",
    "Zain",
    "Zara",
];

pub(super) const SURNAMES: &[&str] = &[
    "Abbington",
    "Achterberg",
    "Adeyemi-Vale",
    "Ashgrove",
    "Bellweather",
    "Blackmere",
    "Brackenbury",
    "Caddow",
    "Carrowmore",
    "Dunhallow",
    "Elsworth-Nye",
    "Fairbrook",
    "Farrowdale",
    "Fenwright",
    "Galloway-Reed",
    "Greythorne",
    "Hadlow",
    "Harcastle",
    "Hollinbrook",
    "Iveson-Kaur",
    "Jessop-Marsh",
    "Kettleby",
    "Kilbarron",
    "Larkmoor",
    "Lockhaven",
    "Marlowe-Obi",
    "Mossington",
    "Nettlefold",
    "Northcott-Ali",
    "Oakendale",
    "Okonkwo-Hale",
    "Pellingham",
    "Quarrington",
    "Ravensholt",
    "Redfearn-Diallo",
    "Rookwood",
    "Saltonby",
    "Sandiford-Khan",
    "Selbourne",
    "Stackpole",
    "Tamberlin",
    "Thornquist",
    "Upwood",
    "Varleigh",
    "Wendover-Mensah",
    "Whitlock-Shah",
    "Windermoor",
    "Yardley-Osei",
];

/// Staff names use their own lists so a professional never shares a name with a subject.
pub(super) const STAFF_FIRST: &[&str] = &[
    "Alison", "Bronwen", "Carys", "Declan", "Eleri", "Fergus", "Gwen", "Hamish", "Ingrid",
    "Joanna", "Kieran", "Lorna", "Morag", "Niall", "Orla", "Priya", "Quentin", "Rhian", "Siobhan",
    "Tobias", "Una", "Vikram", "Wilfred", "Yvette",
];

pub(super) const STAFF_SURNAMES: &[&str] = &[
    "Arkwright-Pell",
    "Brindlecombe",
    "Coldharbour",
    "Dellamere",
    "Eastleigh-Rowe",
    "Foxcombe",
    "Gillinghurst",
    "Hartsfield",
    "Inchbold",
    "Juniper-Lowe",
    "Kestleton",
    "Lindqvist-Hay",
    "Merriweather",
    "Nantwell",
    "Ormesby",
    "Pendlebury-Cole",
    "Quillfeather",
    "Rushbrooke",
    "Stannington",
    "Tewkesley",
    "Umberleigh",
    "Vossberg",
    "Wrenfield",
    "Yelverton-Adu",
];

pub(super) const WARDS: &[&str] = &[
    "Northgate",
    "Millbrook",
    "Ashfield Park",
    "Riverside",
    "Kingsmead",
    "Orchard Vale",
    "Highcross",
    "Saltley Green",
    "Westbury Fields",
    "Hollins End",
    "Copperfield",
    "St Aldric's",
];

pub(super) const STREETS: &[&str] = &[
    "Canal Street",
    "Larkspur Road",
    "Foundry Lane",
    "Meadowsweet Close",
    "Tanner's Row",
    "Hillside Crescent",
    "Weaver Way",
    "Beacon Road",
    "Chapel Walk",
    "Quarry Lane",
    "Holloway Court",
    "Station Approach",
];

pub(super) const GANGS: &[&str] = &[
    "the Canal Boys",
    "Northgate Crew",
    "HF3 Mob",
    "Riverside Youngers",
    "the Foundry Set",
];

pub(super) const ETHNICITIES: &[&str] = &[
    "White British",
    "White British",
    "Black Caribbean",
    "Black African",
    "Asian Pakistani",
    "Asian Bangladeshi",
    "Mixed White and Black Caribbean",
    "White Other",
    "Asian Indian",
    "Not stated",
];

pub(super) const EDUCATION_UNDER_18: &[&str] = &[
    "In school, Year 10",
    "In school, Year 11",
    "Excluded, attending pupil referral unit",
    "Not in education",
    "College",
];
pub(super) const EDUCATION_ADULT: &[&str] = &[
    "Unemployed",
    "Employed part-time",
    "Not in education, employment or training",
    "College",
];

pub(super) const WELFARE_STATUS: &[&str] = &[
    "None",
    "Child in need",
    "Child protection plan",
    "Looked after (section 20)",
    "Looked after (care order)",
];
pub(super) const CRIMINAL_STATUS_YOUNG: &[&str] = &[
    "None",
    "Open to YOS (referral order)",
    "Open to YOS (youth rehabilitation order)",
    "Released under investigation",
];
pub(super) const CRIMINAL_STATUS_ADULT: &[&str] = &[
    "None",
    "Open to Probation",
    "On bail",
    "Released under investigation",
];

pub(super) const CONCERNS: &[&str] = &[
    "Seen repeatedly with older males linked to {gang}; school report unexplained cash and a new phone.",
    "Arrested with a bladed article near {ward} shops; associates are known to {gang}.",
    "Missing from home three times in six weeks, found in another town; suspected county lines running for {gang}.",
    "Victim of a stabbing last month; family believe a retaliation is planned against {them} by {gang}.",
    "Posting drill videos naming rivals of {gang}; teachers concerned about threats made in class.",
    "Older sibling is a known member of {gang}; neighbours report intimidation at the family home.",
    "Found with cannabis packaged for supply and two phones; {they} will not say for whom.",
];

pub(super) const MINUTES: &[&str] = &[
    "Police shared recent intelligence placing the subject with known nominals on three occasions. School confirmed attendance has fallen to 60%.",
    "Children's services confirmed an open assessment. Panel discussed the risk of exploitation and agreed a coordinated plan.",
    "Housing reported complaints of noise and visitors at all hours. Health reported no recent attendances.",
    "YOS reported good engagement with the case worker but continued contact with peers of concern.",
    "Panel noted the family are supportive and want help; mother has asked for a move away from the area.",
];

pub(super) const INTERVENTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "Risk of criminal exploitation",
        "Mentoring with a detached youth worker",
        "Weekly",
        "SYV",
    ),
    (
        "Disengaged from education",
        "Alternative provision place and attendance plan",
        "Daily",
        "EDU",
    ),
    (
        "Substance misuse",
        "Young people's drug and alcohol sessions",
        "Fortnightly",
        "SAFE",
    ),
    ("Family conflict", "Family support worker", "Weekly", "EH"),
    (
        "Carrying a weapon",
        "Knife crime awareness programme",
        "Weekly",
        "YOS",
    ),
    (
        "Housing and neighbour disputes",
        "Tenancy support and acceptable behaviour contract",
        "Monthly",
        "HOU",
    ),
    (
        "Emotional wellbeing",
        "Referral to mental health support",
        "Fortnightly",
        "MH",
    ),
];

pub(super) const ACTIONS: &[(&str, &str)] = &[
    (
        "Share school attendance and exclusion history with the lead agency",
        "EDU",
    ),
    (
        "Run intelligence checks on known associates and share with the lead agency",
        "POL",
    ),
    ("Arrange a joint home visit with the family", "YOS"),
    (
        "Check for open children's social care involvement and share outcome",
        "CSC",
    ),
    (
        "Consider tenancy enforcement options for the address",
        "HOU",
    ),
    (
        "Check GP registration and any recent health attendances",
        "GP",
    ),
    ("Offer a mentoring referral and report on take-up", "SYV"),
    (
        "Complete an updated risk assessment before the next review",
        "YOS",
    ),
    (
        "Check for previous fire-setting incidents at the address",
        "FIRE",
    ),
    (
        "Confirm benefit claim status and any work coach contact",
        "DWP",
    ),
    (
        "Consider a referral to the Channel panel and report back",
        "POL",
    ),
    (
        "Share probation supervision update with the lead agency",
        "NPS",
    ),
];

pub(super) const POLICE_INTEL: &[&str] = &[
    "Two stabbings in {ward} this month, both linked to the dispute between {gang} and rival youngers. Stop and search stepped up around the shopping parade.",
    "Intelligence suggests {gang} are recruiting year 9 pupils to hold drugs. Three county lines phones seized.",
    "Quieter month. One robbery of a child's phone in {ward}; suspects identified and arrested.",
];

/// Each agency's own kind of intelligence (its code, then what it might share), so
/// that no two agencies at one meeting read out the same sentence.
pub(super) const AGENCY_INTEL: &[(&str, &[&str])] = &[
    (
        "EDU",
        &[
            "Schools report a rise in pupils carrying knives for protection after a video circulated online.",
            "Two secondary schools report pupils from {ward} missing afternoon lessons on the same days.",
        ],
    ),
    (
        "HOU",
        &[
            "Housing has served two closure orders on addresses used for dealing in {ward}.",
            "Housing reports a flat in {ward} taken over by dealers (cuckooing); the tenant has been moved.",
        ],
    ),
    (
        "HOSP",
        &[
            "Hospital saw four under-25s with stab injuries; two did not give an account of what happened.",
            "The emergency department saw a rise in assaults on young people from {ward} at weekends.",
        ],
    ),
    (
        "CSC",
        &[
            "Children's services opened three exploitation assessments this month, two in {ward}.",
            "Children's services report a child missing from care found with older males linked to {gang}.",
        ],
    ),
    (
        "SYV",
        &[
            "Youth service reports good attendance at the new evening sessions in {ward}.",
            "Detached youth workers report younger children being approached near the {ward} shops.",
        ],
    ),
];
