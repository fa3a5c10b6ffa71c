"""The word lists behind the safety-detail detector (:mod:`.safety`): who a sentence names, the
places, times, routines, services and plans it can mention, and the words that join its clauses.

Most lists are plain phrases (:data:`PHRASES`, kind by kind): the detector puts them in one trie
and finds the longest phrase at each word, so a sentence costs a few dictionary look-ups a word.
A phrase may belong to several kinds ("housing" names an agency and a service). Hyphens and
spaces are the same to the trie ("drop-off", "drop off"); apostrophes are words of their own.

What needs a pattern (times with digits, phone numbers, addresses, secrecy, "offered a flat")
is in :data:`PATTERNS`, each with the words that must be in a sentence before it is tried.

The lists are general vocabulary of UK social care, housing, schools, health, courts and domestic
abuse services, not phrases from any labelled sentence.

Imports: nothing of safeplan.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ANCHORED",
    "AUX",
    "BRANDS",
    "CHILD_CONTENT",
    "CHILD_PLACE_TYPES",
    "DIGITS",
    "EMAIL",
    "KIN_WORDS",
    "LOWER_PLACE_TYPES",
    "NOT_PLACES",
    "ORG_TYPES",
    "PHRASES",
    "PLACE_PREPOSITIONS",
    "SPEECH",
    "SPEECH_WORDS",
    "STREET_TYPES",
    "VENUE_TYPES",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in text.split("|") if p.strip()]


def _product(firsts: Iterable[str], seconds: Iterable[str]) -> list[str]:
    seconds = list(seconds)
    return [f"{a} {b}".strip() for a in firsts for b in seconds]


# --- who ------------------------------------------------------------------------------------

# What a child calls a parent or relative: matched in any case, and never taken for a place.
KIN_WORDS = _words(
    "mum mummy mam mammy mom mommy mother dad daddy dada father papa nan nana nanna nain gran "
    "granny grandma grandad grandpa grandmother grandfather taid auntie aunty aunt uncle sister "
    "brother cousin stepdad stepmum"
)

_CHILDREN = """the children | the kids | the child | the baby | the babies | the twins | the boys |
the girls | the young people | the siblings | the little ones | children | kids | baby |
the family | her family | her children | his children | their children | her son |
her daughter | his son | his daughter | their son | their daughter | her kids | both children |
all the children | the unborn baby | unborn baby | the eldest | the youngest | the young person"""
_HER = """the mother | the adult at risk | adults at risk | adult at risk | the survivor |
the victim | the non-abusing parent | the protective parent | the woman"""
_HIM = """the person causing harm | person causing harm | the perpetrator | the abuser |
the father"""
_NET = """the neighbours | the childminder | childminder | the babysitter | a friend"""
# Family and friends: whose they are says whose side they are on ("his mother" is his family
# when "his" is the person causing harm, her family when "his" is a child or a male victim).
# With no one's name before them, "Mum" is the mother and "Dad" the father.
_KIN = """mum | mummy | mam | mom | mother | dad | daddy | dada | father | stepdad | stepmum |
sister | sisters | brother | brothers | family | friends | friend | parents | aunt | auntie |
aunty | uncle | cousin | cousins | nan | nana | nanna | gran | granny | grandma | grandad |
grandpa | grandparents | grandmother | grandfather | partner | new partner | neighbour |
neighbours | in-laws"""
_AGENCY = """children's social care | children's services | social care | social services |
the local authority | local authority | the council | the department | the police | police |
a police officer | police officers | the officer | officers | the social worker |
social worker | social workers | the sw | health visitor | the health visitor | midwife |
the midwife | school nurse | the school nurse | teacher | the teacher | teachers |
the teachers | class teacher | headteacher | the head teacher | head teacher | the dsl |
designated safeguarding lead | the school | the nursery | the gp | family support worker |
the family support worker | support worker | the support worker | contact worker |
contact supervisor | the supervisor | supervisor | facilitator | the facilitator | therapist |
the therapist | play therapist | counsellor | the counsellor | probation |
probation officer | the probation service | the court | the judge | judge | magistrates |
the chair | conference chair | the conference | the core group | core group | professionals |
the professionals | agencies | every agency | housing | the housing officer |
housing officer | the housing team | cafcass | the guardian | interpreter | the interpreter |
nurse | the nurse | doctor | the doctor | paediatrician | camhs | the team | the service |
staff | the staff | the contact centre staff | school staff | the solicitor | solicitor |
the allocated worker | the family group conference | family group conference"""
_GENERIC = """anyone | anybody | everyone | everybody | someone | somebody | people | any parent |
any person | nobody | no one | parents"""
_PRONOUN = """he | him | his | himself | she | her | hers | herself | they | them | their |
theirs | themselves | we | us | our | ours | you | your | yours | i | me | my | mine | myself"""

# --- places ---------------------------------------------------------------------------------

# The last word of a named place says what kind of place it is. Compared in lower case.
CHILD_PLACE_TYPES = _words(
    "primary infants infant juniors junior academy school nursery pre-school preschool "
    "playgroup college high grammar surgery practice club brownies scouts cubs beavers guides "
    "rainbows creche crèche childminders fc afc rfc jfc celtic rovers united athletic wanderers "
    "harriers"
)
STREET_TYPES = _words(
    "road rd street st lane ln avenue ave close cl grove gr drive dr way crescent cres terrace "
    "ter gardens gdns walk mews rise row square sq parade green estate village bay hill view "
    "fold croft wynd vale side end gate area"
)
VENUE_TYPES = _words(
    "library house hall centre center hospital station church mosque temple gurdwara chapel "
    "synagogue park court offices office unit hub hotel hostel pool gym bakery store shop "
    "supermarket cafe café pub bar works factory warehouse barracks prison market ward clinic "
    "laundry salon building rooms lodge branch campus depot site"
)
# A named thing that ends in one of these is an organisation or programme, not a place.
ORG_TYPES = _words(
    "programme program project group service scheme team plan order act line law aid "
    "association trust board partnership council agency department panel conference forum "
    "network charity dads mums parents encompass phoneline helpline"
)
# Capitalised words that are never the first word of a place: days, months, titles, kin words,
# agencies, languages, festivals, social media, and nations too broad to locate anyone.
NOT_PLACES = KIN_WORDS | _words(
    "monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays "
    "saturday saturdays sunday sundays january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "mr mrs ms miss mx dr pc dc ds dci sgt insp cllr prof sir dame lady lord "
    "i children's childrens social children police housing probation women's womens "
    "respect childline nspcc cafcass camhs safelives marac idva isva gp sw dsl cp cin plo "
    "english welsh cymraeg urdu polish punjabi arabic bengali somali romanian portuguese "
    "spanish french gujarati tamil tigrinya kurdish farsi pashto turkish british "
    "christmas easter eid diwali ramadan hanukkah new year's year reception "
    "facebook instagram whatsapp snapchat tiktok twitter zoom teams skype "
    "england wales scotland britain uk united kingdom northern ireland cymru "
    "operation the a an this that his her their my our your it "
    "court family magistrates crown high county"
)
# Words after which a capitalised name is a place: prepositions, and verbs whose object is one
# ("must not enter Cleckheaton").
PLACE_PREPOSITIONS = _words(
    "in at to near nearer from on by towards into around outside opposite behind beside off "
    "round past via enter enters entering visit visits visiting approach approaching"
)
# A kind of place written in lower case after a name: "the Pinderfields maternity unit".
LOWER_PLACE_TYPES = """maternity unit | medical centre | health centre | children's centre |
family centre | community centre | leisure centre | sports centre | day centre |
drop-in centre | practice | surgery | primary | nursery | school | academy | college | club |
hospital | clinic | library | branch | store | bakery | office | offices | estate | area |
depot | site | factory | warehouse | hub | centre | campus | ward | unit | salon"""
# Shops and employers whose name alone is a place someone can be found at.
BRANDS = frozenset(
    _phrases(
        """morrisons | tesco | asda | sainsbury's | sainsburys | aldi | lidl | co-op | boots |
        greggs | primark | iceland | wilko | b&m | home bargains | poundland | mcdonald's | kfc |
        costa | starbucks | amazon | argos | currys | superdrug | waitrose | m&s |
        marks and spencer"""
    )
)
# Common nouns for places specific enough to be found at, with a routine ("parks in the
# hospital multi-storey", "living by the sea").
_LANDMARK = """by the sea | the sea | the seaside | seaside | the seafront | seafront |
the coast | coast | the beach | beach | harbour | promenade | the pier | retail park |
high street | shopping centre | town centre | city centre | the market | market | supermarket |
bookies | betting shop | corner shop | the pub | cafe | café | leisure centre | swimming pool |
the pool | gym | library | the park | playground | bus station | train station |
railway station | police station | the station | bus stop | car park | multi-storey |
multi storey | bridge | roundabout | hospital | laundry | bakery | factory | warehouse |
call centre | care home | church hall | church | mosque | temple | gurdwara | chapel |
synagogue | community centre | village hall | the estate | the village | farm | caravan |
hotel | hostel | b&b | bed and breakfast | side entrance | back entrance | rear entrance |
side door | back door | drop-off point | meeting point | the flats | tower block |
council offices | civic centre | job centre | jobcentre | food bank | children's centre |
health centre | medical centre | maternity unit | the mill | allotment |
cemetery | the woods | canal | towpath | the river | the lake | up north | down south |
abroad | overseas | the countryside | the north | the south | the midlands | refuge |
refuges | women's refuge"""
# Somewhere near or away: an area someone could search.
_AREA = _product(
    [
        "the next",
        "a nearby",
        "the nearby",
        "a neighbouring",
        "the neighbouring",
        "another",
        "a different",
        "the other",
        "the same",
        "a new",
        "next",
        "nearby",
        "neighbouring",
    ],
    [
        "town",
        "village",
        "city",
        "county",
        "area",
        "borough",
        "district",
        "region",
        "part of the country",
        "part of town",
        "part of the city",
        "local authority",
        "council",
    ],
) + _product(["out of the", "out of"], ["area", "county", "borough", "town", "city"])
# Places a sentence may name without saying which one.
_GENERIC_PLACE = """the children's school | the children's nursery | their school |
her school | his school | school | nursery | the contact centre | contact centre | her home |
their home | home | house | work | her work | workplace | place of work | the gp |
the doctor's | the dentist | the family centre | family centre | the family contact centre |
family contact centre | the centre"""
# Words that make a place one the person causing harm already knows.
_KNOWN = """the former family home | the family home | the family house | the shared home |
the marital home | former family home | former shared home | former home | old address |
old house | old flat | old home | previous address | previous home | family home |
shared home | marital home | shared address | old shared address | former address |
the house they shared | where they used to live | where they lived together | their old |
the old | lived together | used to live | used to share | when they were together |
before they separated | while they were together | during the relationship"""

# --- when -----------------------------------------------------------------------------------

_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PARTS = [
    "morning",
    "mornings",
    "afternoon",
    "afternoons",
    "evening",
    "evenings",
    "night",
    "nights",
    "lunchtime",
    "lunchtimes",
    "",
]
_TIME = (
    _product(_DAYS + [d + "s" for d in _DAYS], _PARTS)
    + _product(
        ["every", "each"],
        [
            "morning",
            "afternoon",
            "evening",
            "night",
            "day",
            "lunchtime",
            "weekday",
            "weekend",
            *_DAYS,
        ],
    )
    + _product(["next"], ["week", *_DAYS])
    + _phrases(
        """weekday | weekdays | weekend | weekends | weeknight | weeknights | week nights |
        mornings | afternoons | evenings | lunchtimes | after school | before school |
        breakfast club | school run | school gate | the school gate | term time | half term |
        early shift | late shift | night shift | day shift | nights | noon | midday |
        midnight | tomorrow | tonight"""
    )
)

# --- what -----------------------------------------------------------------------------------

# Getting to and from places: who takes, collects, drops, drives, works, trains.
_ROUTINE = """take | takes | taking | took | collect | collects | collected | collecting |
catch | catches | caught | catching | come for | comes for | arrive | arrives | arriving |
comes with her | come with her | goes with her |
go with her | walks with her | walk with her | comes with them | goes with them |
pick up | picks up | picked up | picking up | pick her up | picks her up | pick him up |
picks him up | pick them up | picks them up | picked them up | pickup | drop off |
drops off | dropped off | drop | drops | dropped | dropping | bring | brings | bringing |
brought | walk | walks | walked | walking | drive | drives | drove | driving | park | parks |
parked | parking | cycle | cycles | leave | leaves | meet | meets | meeting | met | stay |
stays | stayed | staying | go to | goes to | going to | went to | gone to | attend | attends |
attending | swim | swims | swimming | training | lessons | lesson | practice | club | clubs |
works | working | work at | job | jobs | shift | shifts | route | journey | commute |
travels | handover | hand over | hands over | gets the bus | get the bus | catches the bus |
catch the bus | gets the train | the bus | the train | lift | lifts | finishes work |
finish work | finished work | starts work | start work | started work | leaves work |
gets home | get home | gets in | finishes | starts"""
# A routine that tells someone where to wait without any time or place: the route, the shift,
# the bus, the password at the school gate.
_ROUTINE_ALONE = """her route | their route | his route to | the route | route to | routes |
commute | changed her route | vary the route | varies her route | different route |
different times | school run | password | passwords | code word to collect | early shift |
late shift | night shift | nights at | the early bus | the late bus | the morning bus |
the evening bus | the last bus | the first bus | the early train | the last train"""
# Her appointments and services: with a time or place they tell someone where she will be.
_APPOINTMENT = """appointment | appointments | gp | doctor | dentist | hospital | clinic |
antenatal | postnatal | maternity | midwife | health visitor | counselling | counsellor |
therapy | therapist | group | groups | course | courses | programme | class | classes |
college | university | solicitor | solicitors | housing | job centre | jobcentre | benefits |
food bank | drop-in | session | sessions | core group | conference | meeting | slot | see |
sees | seeing | visit | visits | visiting | interview | review | scan | check-up"""
# Where someone lives or stays.
_WHERE = """live | lives | lived | living | stay | stays | staying | stayed | based | settled |
moved in | housed | accommodation | hostel | lodging | sleep | sleeps | sleeping | slept |
sleep over | sleeps over | sleepover | sleepovers | overnight | overnights | stay over |
stays over"""
# A new home, area or address: the person causing harm learns that they have moved.
_NEW_HOME = """new home | new house | new flat | new address | new place | new area |
new accommodation | new property | new tenancy | new postcode | new town | new street |
new bungalow | temporary accommodation | emergency accommodation | supported accommodation |
supported housing | safe house | safe accommodation | a hostel | b&b | bed and breakfast |
somewhere permanent | permanent home | permanent housing | somewhere to live |
somewhere safe to live | a place of her own | a home of her own"""
_NEW_CHILD_PLACE = """new school | new nursery | new childminder | new gp | new doctor |
new surgery | new college | new class | new teacher | new club | new playgroup |
changed school | changed schools | moved school | moved schools | started at | starts at |
start at | registered with | enrolled at | a place at | the same school | the same nursery |
his own school | her own school | their own school | the same gp | still at school |
still at the same"""
_MOVE = (
    _product(
        ["move", "moves", "moved", "moving"],
        [
            "to",
            "in",
            "into",
            "nearer",
            "near",
            "closer",
            "away",
            "back",
            "abroad",
            "house",
            "home",
            "out of the area",
            "area",
            "areas",
            "further",
            "again",
            "on to",
            "somewhere",
            "elsewhere",
            "there",
            "her",
            "them",
            "the family",
            "the children",
            "with",
        ],
    )
    + _product(
        [
            "plan to",
            "plans to",
            "planned to",
            "planning to",
            "intends to",
            "intending to",
            "wants to",
            "wanted to",
            "want to",
            "decided to",
            "hopes to",
            "hoping to",
            "ready to",
            "preparing to",
            "going to",
            "thinking of",
            "thinking about",
            "considering",
        ],
        ["leave", "leaving", "move", "moving", "relocate", "relocating", "flee"],
    )
    + _phrases(
        """to move | relocate | relocates | relocated | relocating | relocation | rehouse |
        rehoused | rehousing | housing transfer | housing application | housing register |
        housing list | housing move | housing options | transfer to another |
        a transfer to another area | managed move | leave the area | leaving the area |
        fresh start in | fresh start somewhere | application to move | has moved | have moved |
        had moved | has now moved | have now moved | recently moved | moved away | moved out |
        management transfer | management move | emergency move | emergency transfer |
        emergency rehousing | mutual exchange | house swap | home swap |
        bidding on properties | bidding for properties | bidding on houses | bidding on flats |
        band a | priority banding | emergency banding | the transfer | a transfer |
        going ahead with the transfer | if she moves | if they move | when she moves |
        when they move | back up north | back down south | going back up north |
        go back up north | going back home to | go back home to | to be near | to be nearer |
        to be closer to"""
    )
)
# Specialist help for the adult at risk: agencies, meetings and safety measures a person causing
# harm may not know she has sought (SafeLives: Marac information is confidential to agencies).
_SPECIALIST = """marac | maracs | idva | idvas | isva | isvas |
independent domestic violence advisor | independent domestic violence adviser |
independent domestic violence advocate | independent domestic abuse advisor |
independent domestic abuse adviser | independent sexual violence advisor |
independent sexual violence adviser | refuge | refuges | women's refuge | sanctuary scheme |
target hardening | panic alarm | panic button | panic room | personal alarm |
personal safety alarm | tecsos | door viewer | door chain | new locks | locks changed |
changed the locks | change the locks | locks were changed | locks have been changed |
locks replaced | locks were replaced | clare's law | clares law | dvds |
domestic violence disclosure scheme | domestic abuse disclosure scheme | right to ask |
women's aid | womens aid | freedom programme | own my life | recovery toolkit | outreach |
outreach worker | domestic abuse support | domestic abuse service | domestic abuse services |
domestic abuse worker | domestic abuse advocate | domestic abuse caseworker |
domestic abuse charity | domestic abuse project | domestic abuse team |
partner support worker | partner support | partner link worker | women's safety worker |
women's support worker | victims' service | victims service | victim service | male victims |
men's advice line | mankind initiative | specialist women's service | specialist women's services |
domestic violence support | domestic violence service | domestic violence worker |
domestic violence advocate | da support | da service | dv support | dv service |
support worker from | safety planning | her safety plan | their safety plan | a safety plan |
safety plan with | safety plan | emergency bag | grab bag | go bag | escape bag | escape plan |
exit plan | safe room | safe word | code word | silent solution | sarc | rape crisis |
victim support | witness care | special measures | screens in court | dash risk |
restricted record | restricted records | confidential address | restricted address |
address is confidential | address is restricted | marked confidential"""
# The children's own safety network: "Mia's safe grown-ups", "my safe place".
_SAFE_NETWORK = """safe adult | safe adults | safe grown up | safe grown ups | safe grownup |
safe grownups | trusted adult | trusted adults | safe people | safe person | safe place |
safe places"""
# A marker or flag on an address: a safety measure when the address is hers.
_MARKER = "marker | markers | flag | flagged | flags | flagging | alert on | warning marker"
# Court orders an adult at risk may apply for, often without notice (Family Law Act 1996 s.45).
_ORDER = """non-molestation order | non molestation order | non-molestation | nonmolestation |
non-mol | for an order | an order against | a court order | occupation order |
prohibited steps order | prohibited steps | specific issue order |
child arrangements order | child arrangement order | injunction | injunctions |
protection order | forced marriage protection order | fmpo | fgm protection order |
domestic abuse protection order | dapo | the family court | family court | the court |
a court | court order | legal aid | without notice | ex parte | emergency order |
emergency hearing | divorce | residence order | custody"""
_APPLY = """apply | applies | applied | applying | application | applications | seek | seeks |
seeking | sought | ask for | asks for | asked for | asking for | ask the court for |
asked the court for | asking the court for | issue | issued | file | files | filed | filing |
lodge | lodged | thinking about | thinking of | considering | consider | considered |
plans to | planning to | planning | going to apply | going to get | wants to apply |
want to get | wants to get | get a | getting a | seen a solicitor | see a solicitor |
seeing a solicitor | advice about | help her apply | help him apply | help them apply |
apply for | to be issued | preparing | prepare | drafted | statement for | go back to court |
going back to court | go to court | going to court | back to court | take him to court |
take her to court"""
# An order that is already made binds him and he has been served: it is his obligation.
_EXISTING = """made on | was made | were made | been made | granted | in place | breach |
breaches | breached | breaching | break | breaks | broke | broken | breaking | under the |
expires | expired | served | subject to | keep to | keeps to | obey | comply | complies |
conditions of"""
_NEGATIONS = [
    "not",
    "not to",
    "never",
    "won't",
    "will not",
    "must not",
    "mustn't",
    "can't",
    "cannot",
    "shouldn't",
    "should not",
    "doesn't",
    "does not",
    "don't",
    "do not",
    "didn't",
    "did not",
    "is not to",
    "are not to",
]
_RESTRICT = _product(
    _NEGATIONS,
    [
        "go",
        "come",
        "visit",
        "approach",
        "enter",
        "wait",
        "loiter",
        "drive",
        "walk",
        "pass",
        "turn up",
        "attend",
        "contact",
        "be at",
        "be in",
        "be near",
        "be within",
        "go near",
        "go to",
        "come to",
    ],
) + _phrases(
    """stay away from | stays away from | staying away from | keep away from |
        keeps away from | keeping away from | go near | goes near | going near |
        exclusion zone | banned from | excluded from | stay out of | stays out of |
        keep out of | keeps out of | seen at | seen outside | seen near | seen in | is seen at |
        spotted at | spotted outside | found at | found outside | waits at | waiting at |
        waits outside | waiting outside | hanging around | hangs around"""
)
# Her new phone, email or account.
_CONTACT_NEW = (
    _phrases(
        """new mobile number | new phone number | new mobile | new phone | new number |
        new sim | new email address | new e-mail address | new email | new e-mail |
        new account | new apple id | new icloud | new facebook | new instagram | new snapchat |
        new tiktok | new whatsapp | new profile | new username | new handle | new social media |
        work mobile | work phone | work number | work email | landline | apple id"""
    )
    + _product(
        ["number", "mobile number", "phone number", "mobile", "phone", "email", "email address"],
        ["has changed", "have changed", "is changing", "will change", "has been changed"],
    )
    + _product(
        ["change", "changed", "changing", "changes"],
        _product(
            ["her", "their", "my", "our"],
            ["mobile", "phone", "number", "email", "e-mail", "account", "phone number"],
        ),
    )
)
_CONTACT_CALL = _product(
    ["safe to", "safe time to", "safe times to", "best time to", "only safe to"],
    ["call", "phone", "ring", "text", "contact", "message", "email"],
) + _product(
    ["call", "ring", "phone", "text", "message", "email", "contact", "reach"],
    ["her on", "them on", "me on", "us on"],
)

# --- how clauses join -----------------------------------------------------------------------

_JOIN = """and then | and also | but | then | so that | so | while | whereas | although |
though | because | as soon as | in case | even if | if | unless | until | once | when |
whenever | where | wherever | who | whom | whose | which | that | before | after |
rather than | including | except | otherwise | or else | , and | , or"""
_STOP = "; | : | ( | ) | [ | ] | — | – | -"
# After a name, a verb or an auxiliary shows that a new clause has begun.
AUX = _words(
    "will would could can might must should shall may has had have is was were are am did does "
    "do won can't didn't doesn't don't isn't wasn't keeps kept needs wants says said told tells "
    "knows thinks worries feels"
)

# Every kind of phrase, in the order a tie is reported (the detector keeps all kinds of the
# longest phrase at each word).
PHRASES: tuple[tuple[str, list[str]], ...] = (
    ("secrecy_hint", []),
    ("restrict", _RESTRICT),
    ("move", _MOVE),
    ("contact_call", _CONTACT_CALL),
    ("contact_new", _CONTACT_NEW),
    ("specialist", _phrases(_SPECIALIST)),
    ("safe_network", _phrases(_SAFE_NETWORK)),
    ("known", _phrases(_KNOWN)),
    ("new_home", _phrases(_NEW_HOME)),
    ("new_child_place", _phrases(_NEW_CHILD_PLACE)),
    ("order", _phrases(_ORDER)),
    ("existing", _phrases(_EXISTING)),
    ("apply", _phrases(_APPLY)),
    ("routine_alone", _phrases(_ROUTINE_ALONE)),
    ("time", _TIME),
    ("agency", _phrases(_AGENCY)),
    ("kin", _phrases(_KIN)),
    ("net", _phrases(_NET)),
    ("children", _phrases(_CHILDREN)),
    ("her", _phrases(_HER)),
    ("him", _phrases(_HIM)),
    ("generic", _phrases(_GENERIC)),
    ("marker", _phrases(_MARKER)),
    ("landmark", _phrases(_LANDMARK) + _AREA),
    ("generic_place", _phrases(_GENERIC_PLACE)),
    ("routine", _phrases(_ROUTINE)),
    ("appointment", _phrases(_APPOINTMENT)),
    ("where", _phrases(_WHERE)),
    ("pronoun", _phrases(_PRONOUN)),
    ("address_word", _phrases("flat | apartment | apt | unit | room | house | number | no")),
    ("join", _phrases(_JOIN)),
    ("stop", _phrases(_STOP)),
)

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_STREET = (
    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|cl|grove|gr|drive|dr|way|crescent|cres|"
    r"terrace|ter|court|ct|gardens|gdns|place|pl|walk|mews|rise|row|square|sq|parade|green|"
    r"park|view|hill|fold|croft|wynd|vale|ffordd|heol|stryd|lôn)\.?"
)
# Everything that starts with a digit, in one expression tried only on a sentence that has one.
# Every alternative begins with a digit or "+" (so the scan skips the letters; a look-behind at
# the front would defeat that): what must come before ("at 3", "between 12 and 1", "within 100
# metres", ", WF6", the letters of a postcode) is checked by the detector. It runs on the text as
# written (a street name has its capital). Group names are kinds.
DIGITS = (
    rf"(?P<date>(?i:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b))"
    r"|(?P<time>(?i:\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\b\.?)?|\d{1,2}\s*[ap]\.?m\b\.?))"
    r"|(?P<phone>(?:\+\s?44\s?\(?0?\)?\s?|0044\s?|0)(?:\d[\s-]?){8,9}\d(?!\d))"
    rf"|(?P<address>\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-Z][\w'’-]+\s+){{1,3}}(?i:{_STREET})(?![\w]))"
    r"|(?P<within>\d+\s*(?i:metres|meters|m|miles|yards|km)\b)"
    r"|(?P<routine_alone>\d[\d.:]*\s*(?i:bus|train|tram)\b)"
    r"|(?P<postcode>\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b)"
    r"|(?P<district>\d{1,2}[A-Z]?\b(?=\s*(?:[.,;)]|$)))"
    r"|(?P<number>\d{1,2}(?:[.:]\d{2})?(?:\s+and\s+\d{1,2})?\b"
    r"(?!\s*(?i:years?|months?|weeks?|days?|minutes?|hours?|metres?|miles?|%)))"
)
# Patterns anchored on their first word: each is tried (``match``, on the lower-cased text) only
# where a sentence has one of its first words, so a text pays for a pattern only where it can
# start. (Apostrophes are written "'": the detector reads curly ones as straight.)
_DO_NOT = r"(?:do|does|did)(?:n't|\s+not)\s+"
ANCHORED: tuple[tuple[str, frozenset[str], str], ...] = (
    (
        "routine_alone",
        _words("only"),
        r"only\s+(?:[\w'-]+\s+){1,5}?(?:can|may|will|are\s+allowed\s+to|is\s+allowed\s+to)\s+"
        r"(?:collect|pick)",
    ),
    (
        "move",
        _words("offered allocated bidding bid viewing viewed"),
        r"(?:offered|allocated|bidding\s+(?:for|on)|bid\s+(?:for|on)|viewing|viewed)\s+"
        r"(?:a|an|the)\s+(?:[\w-]+\s+)?(?:flat|house|home|property|tenancy|bungalow|maisonette)\b",
    ),
    (
        "contact_call",
        _words("best safest only good"),
        r"(?:best|safest|only|good)\s+(?:time|times|way|day|days)\s+to\s+"
        r"(?:call|ring|phone|text|message|email|contact|reach|visit)\b",
    ),
    (
        "contact_call",
        _words("call ring phone text message email contact reach"),
        r"(?:call|ring|phone|text|message|email|contact|reach)\s+[a-z][\w'-]*\s+on\b"
        r"(?!\s+(?:the\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|behalf))",
    ),
    # Keeping something from him: "she doesn't want him to know", "so that he cannot find",
    # "without him knowing", "would not be told first", "kept secret from".
    (
        "specialist",
        _words("plan plans planned planning"),
        r"plan(?:s|ned|ning)?\s+(?:for\s+)?(?:[\w']+\s+){0,4}?(?:safety|escape)\b",
    ),
    (
        "secrecy",
        _words("do does did don doesn didn"),
        rf"{_DO_NOT}want\s+(?:[\w']+\s+){{1,3}}?to\s+(?:know|find|see|hear|learn|be\s+told|get)\b"
        rf"|{_DO_NOT}know\s+(?:where|that\s+(?:she|they|we|the)|about\s+the\s+(?:new|move|refuge))\b",
    ),
    (
        "secrecy",
        _words("not"),
        r"not\s+want(?:ing)?\s+(?:[\w']+\s+){1,3}?to\s+(?:know|find|see|hear|learn)\b",
    ),
    (
        "secrecy",
        _words("so"),
        r"so\s+(?:that\s+)?(?:[\w']+\s+){1,3}?(?:can(?:not|'t|\s+not)|could(?:n't|\s+not)|"
        r"won't|will\s+not|would\s+not|does(?:n't|\s+not)|do(?:n't|\s+not))\s+"
        r"(?:know|find|tell|trace|see|learn|follow|work\s+out|track)\b",
    ),
    (
        "secrecy",
        _words("without"),
        r"without\s+(?:[\w']+\s+){0,2}?(?:knowing|finding\s+out|being\s+told|being\s+aware)\b",
    ),
    (
        "secrecy",
        _words("keep keeps kept keeping"),
        r"(?:keep|keeps|kept|keeping)\s+(?:[\w']+\s+){0,3}?(?:secret|confidential|hidden)\s+from\b",
    ),
    (
        "secrecy",
        _words("in"),
        r"in\s+case\s+(?:[\w']+\s+){1,3}?(?:has|have|need|needs)\s+to\s+(?:run|leave|flee|go)\b",
    ),
)
# An email address or a social media handle (tried only on a text with an "@").
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@[a-z0-9_]{3,}\b"

# A child's own words: the verbs that report what a child said, wrote, fears or wants (matched
# right after the child's name, on the lower-cased text).
SPEECH = (
    r"(?:\s+(?:has|have|had|also|then|later|just|recently|previously|often|always|sometimes|"
    r"clearly|repeatedly|once))*\s+"
    r"(?:told|tells|tell|said|says|say|wrote|writes|drew|draws|disclosed|discloses|shared|"
    r"shares|explained|explains|described|describes|asked|asks|whispered|cried|worries|"
    r"worried\s+that|fears|feared|wants|wanted|wishes|wished|hopes|hoped|likes|like|loves|"
    r"love|misses|hates|hate|hide|hides|hid|"
    r"(?:is|was|am|are|were|feels|felt|gets|got|get|feel)\s+(?:so\s+|very\s+|really\s+|still\s+|too\s+)?"
    r"(?:scared|frightened|afraid|terrified|petrified|worried|anxious|upset|nervous)|"
    r"(?:does|do|did)(?:n['’]t|\s+not)\s+want|(?:would|'d|’d)\s+like|"
    r"(?:keeps|kept)\s+(?:her|his|their|my)\b)\b"
)
# Every match of SPEECH holds one of these as a word of its own (the detector's screen looks
# for a child's words only in a text with one; tests/wording/test_safety_screen.py keeps the
# two lists together).
SPEECH_WORDS = _words(
    "told tells tell said says say wrote writes drew draws disclosed discloses shared shares "
    "explained explains described describes asked asks whispered cried worries worried fears "
    "feared wants wanted wishes wished hopes hoped likes like loves love misses hates hate hide "
    "hides hid scared frightened afraid terrified petrified anxious upset nervous want keeps kept"
)
# What makes a child's words expose them: fear, the abuse, hiding or running, home and school.
CHILD_CONTENT = _words(
    "scared frightened afraid terrified petrified worried worry hit hits hitting hurt hurts "
    "hurting shout shouts shouted shouting scream screamed push pushed kick kicked punch "
    "punched squeeze squeezed choke choked strangle lock locks locked police fight fighting "
    "angry knife kill smash smashed throw threw run ran hide hid hiding packed bag escape "
    "disappear find where live lives living house home flat school new sea secret bedroom cry "
    "cried unsafe worries sleep nightmares nightmare wet wetting"
)
