# ruff: noqa: E501
"""Demo content for the editorial platform: sources, articles and policy versions.

Pure data, no Django import. Every sentence is our own writing; medical facts
follow shared/reference/clinical-facts.md (adults only). Markdown bodies cite
sources with ``[@key]`` or ``[@key1; @key2]`` markers whose keys are in SOURCES.

Bibliographic fields are filled only where they were checked; an unknown
string field is "" and an unknown year is None.
"""

from textwrap import dedent


def _md(text: str) -> str:
    """Strip the indentation of a triple-quoted Markdown block."""
    return dedent(text).strip() + "\n"


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

SOURCES: list[dict] = [
    {
        "key": "merck-normal-lab-values",
        "kind": "textbook",
        "authors": "",
        "title": "Normal Laboratory Values",
        "journal": "Merck & Co",
        "year": None,
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "url": "https://www.merckmanuals.com/professional/resources/normal-laboratory-values/blood-tests-normal-values",
    },
    {
        "key": "gibson-berliner-2014",
        "kind": "review",
        "authors": "Gibson C, Berliner N",
        "title": "How we evaluate and treat neutropenia in adults",
        "journal": "Blood",
        "year": 2014,
        "volume": "124",
        "issue": "8",
        "pages": "1251-1258",
        "doi": "10.1182/blood-2014-02-482612",
        "pmid": "",
        "url": "",
    },
    {
        "key": "mithoowani-2022",
        "kind": "review",
        "authors": "Mithoowani S, Cameron L, Crowther MA",
        "title": "Neutropenia",
        "journal": "CMAJ",
        "year": 2022,
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "10.1503/cmaj.220499",
        "pmid": "",
        "url": "",
    },
    {
        "key": "newburger-dale-2013",
        "kind": "review",
        "authors": "Newburger PE, Dale DC",
        "title": "Evaluation and management of patients with isolated neutropenia",
        "journal": "Semin Hematol",
        "year": 2013,
        "volume": "50",
        "issue": "3",
        "pages": "198-206",
        "doi": "10.1053/j.seminhematol.2013.06.010",
        "pmid": "",
        "url": "",
    },
    {
        "key": "freifeld-2011",
        "kind": "guideline",
        "authors": (
            "Freifeld AG, Bow EJ, Sepkowitz KA, Boeckh MJ, Ito JI, Mullen CA, Raad II, "
            "Rolston KV, Young JA, Wingard JR"
        ),
        "title": (
            "Clinical practice guideline for the use of antimicrobial agents in neutropenic "
            "patients with cancer: 2010 update by the Infectious Diseases Society of America"
        ),
        "journal": "Clin Infect Dis",
        "year": 2011,
        "volume": "52",
        "issue": "4",
        "pages": "e56-e93",
        "doi": "10.1093/cid/cir073",
        "pmid": "21258094",
        "url": "",
    },
    {
        "key": "taplitz-2018",
        "kind": "guideline",
        "authors": (
            "Taplitz RA, Kennedy EB, Bow EJ, Crews J, Gleason C, Hawley DK, Langston AA, "
            "Nastoupil LJ, Rajotte M, Rolston KV, Strasfeld L, Flowers CR"
        ),
        "title": (
            "Outpatient management of fever and neutropenia in adults treated for malignancy: "
            "American Society of Clinical Oncology and Infectious Diseases Society of America "
            "clinical practice guideline update"
        ),
        "journal": "J Clin Oncol",
        "year": 2018,
        "volume": "36",
        "issue": "14",
        "pages": "1443-1453",
        "doi": "10.1200/JCO.2017.77.6211",
        "pmid": "29461916",
        "url": "",
    },
    {
        "key": "merz-2023",
        "kind": "other",
        "authors": (
            "Merz LE, Osei MA, Story CM, Yefidoff Freedman R, Smeland-Wagman R, Kaufman RM, "
            "Achebe MO"
        ),
        "title": "Development of Duffy null-specific absolute neutrophil count reference ranges",
        "journal": "JAMA",
        "year": 2023,
        "volume": "329",
        "issue": "23",
        "pages": "2088-2089",
        "doi": "10.1001/jama.2023.7467",
        "pmid": "37338884",
        "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC10282887",
    },
    {
        "key": "merz-2023-blood-adv",
        "kind": "other",
        "authors": (
            "Merz LE, Story CM, Osei MA, Jolley K, Ren S, Park HS, Yefidoff Freedman R, "
            "Neuberg D, Smeland-Wagman R, Kaufman RM, Achebe MO"
        ),
        "title": (
            "Absolute neutrophil count by Duffy status among healthy Black and African "
            "American adults"
        ),
        "journal": "Blood Adv",
        "year": 2023,
        "volume": "7",
        "issue": "3",
        "pages": "317-320",
        "doi": "10.1182/bloodadvances.2022007679",
        "pmid": "",
        "url": "",
    },
    {
        "key": "hibbs-2025",
        "kind": "other",
        "authors": (
            "Hibbs SP, Chipare I, Halawani AJ, Legge SE, Fell G, Dees D, Roberts DJ, "
            "Gleadall N, Shamardina O, Alhamzi AA, Shingenge E, Alabdly MJ, Charuma HT, "
            "Nushaily MA, Sinvula JM, Russo M, Sholzberg M, Paparini S, Apea V, Achebe M, "
            "Berliner N, Merz LE"
        ),
        "title": (
            "Multinational assessment of absolute neutrophil counts and white blood cell "
            "counts among healthy Duffy null adults"
        ),
        "journal": "Blood",
        "year": 2025,
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "10.1182/blood.2025029359",
        "pmid": "",
        "url": "",
    },
    {
        "key": "ctcae-v5",
        "kind": "guideline",
        "authors": "",
        "title": "Common Terminology Criteria for Adverse Events (CTCAE), Version 5.0",
        "journal": (
            "US Department of Health and Human Services, National Institutes of Health, "
            "National Cancer Institute"
        ),
        "year": 2017,
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "url": "https://ctep.cancer.gov/protocolDevelopment/electronic_applications/ctc.htm",
    },
    {
        "key": "carson-2023",
        "kind": "guideline",
        "authors": (
            "Carson JL, Stanworth SJ, Guyatt G, Valentine S, Dennis J, Bakhtary S, Cohn CS, "
            "Dubon A, Grossman BJ, Gupta GK, Hess AS, Jacobson JL, Kaplan LJ, Lin Y, "
            "Metcalf RA, Murphy CH, Pavenski K, Prochaska MT, Raval JS, Salazar E, Saifee NH, "
            "Tobian AAR, So-Osman C, Waters J, Wood EM, Zantek ND, Pagano MB"
        ),
        "title": "Red blood cell transfusion: 2023 AABB international guidelines",
        "journal": "JAMA",
        "year": 2023,
        "volume": "330",
        "issue": "19",
        "pages": "1892-1902",
        "doi": "10.1001/jama.2023.12914",
        "pmid": "",
        "url": "",
    },
    {
        "key": "ganzel-2012",
        "kind": "review",
        "authors": "Ganzel C, Becker J, Mintz PD, Lazarus HM, Rowe JM",
        "title": "Hyperleukocytosis, leukostasis and leukapheresis: practice management",
        "journal": "Blood Rev",
        "year": 2012,
        "volume": "26",
        "issue": "3",
        "pages": "117-122",
        "doi": "10.1016/j.blre.2012.01.003",
        "pmid": "22364832",
        "url": "",
    },
    {
        "key": "nice-cg151",
        "kind": "guideline",
        "authors": "",
        "title": (
            "Neutropenic sepsis: prevention and management in people with cancer "
            "(Clinical guideline CG151)"
        ),
        "journal": "National Institute for Health and Care Excellence",
        "year": 2012,
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "url": "https://www.nice.org.uk/guidance/cg151",
    },
]


# ---------------------------------------------------------------------------
# Article 1: What does leukopenia with neutropenia indicate?
# ---------------------------------------------------------------------------

_A1_SHORT = _md(
    """
    It means the blood holds fewer white cells than usual (leukopenia), largely because the neutrophils, the cells that fight bacteria, are low (neutropenia). How much it matters depends on how far the neutrophil count has dropped: a white count of 3.4 ×10⁹/L with a neutrophil count of 1207/µL is a mild dip that is often temporary, and the usual next step is a repeat blood count in 1 to 2 weeks [@gibson-berliner-2014; @mithoowani-2022].
    """
)

_A1_BODY = _md(
    """
    ## Reading the two numbers

    A complete blood count (CBC) reports the total white blood cell count (WBC) and, in a part called the differential, how that total splits into the different types of white cell. *Leukopenia* means the total sits below the laboratory's lower limit, which for adults is typically 4.5 ×10⁹/L [@merck-normal-lab-values]. *Neutropenia* means the absolute neutrophil count (ANC) is below about 1.5 ×10⁹/L, the same as 1500 cells per microliter (/µL) [@gibson-berliner-2014].

    Neutrophils are normally the biggest group of white cells, so when they fall the total usually falls with them. Take a report showing a WBC of 3.4 ×10⁹/L and an ANC of 1207/µL (1.207 ×10⁹/L). Both are under their ranges, and the combination is described as mild leukopenia with mild neutropenia [@merck-normal-lab-values; @gibson-berliner-2014].

    ## How low is low?

    Doctors group adult neutrophil counts into bands [@gibson-berliner-2014; @mithoowani-2022]:

    - **Mild:** 1.0 to just under 1.5 ×10⁹/L (1000 to 1499/µL)
    - **Moderate:** 0.5 to just under 1.0 ×10⁹/L (500 to 999/µL)
    - **Severe:** below 0.5 ×10⁹/L (below 500/µL); a count under 0.2 is sometimes called agranulocytosis

    The chance of a serious infection grows as the count falls. In the mild band the extra risk is small and most people feel entirely well; bacterial infections become a real worry mainly in the severe band [@newburger-dale-2013].

    ## What can cause it

    A slightly low count is often found by chance on a routine test, and it frequently turns out to be temporary. Causes worth thinking about include:

    - **A recent viral infection**, which can pull counts down for a few weeks.
    - **Medicines**, among them some antibiotics, drugs for an overactive thyroid, clozapine and chemotherapy.
    - **Shortage of vitamin B12, folate or copper.**
    - **Autoimmune conditions** such as lupus, in which the immune system acts against the body's own cells.
    - **Duffy-null status**, an inherited blood-group pattern shared by about two thirds of people of African ancestry. It goes with a lower neutrophil count but no extra risk of infection, and it is identified by a blood test, never assumed from someone's background [@merz-2023-blood-adv; @hibbs-2025].
    - **Bone-marrow disorders**, which are less common and come into question mainly when red cells or platelets are low as well [@gibson-berliner-2014].

    ## Sensible next steps

    For a first finding of mild neutropenia in someone who feels well, the usual plan is:

    1. Repeat the CBC with a differential and a blood smear (a look at the cells under a microscope) in 1 to 2 weeks [@mithoowani-2022].
    2. Go through every medicine and supplement with a clinician, including products bought without a prescription.
    3. Mention any symptoms: a recent illness, mouth sores, joint pain, rashes, weight loss or night sweats.
    4. If the count stays low, a clinician may check vitamin levels, look for autoimmune disease, suggest a Duffy blood-group test or arrange a hematology opinion [@gibson-berliner-2014; @newburger-dale-2013].

    ## When to get care straight away

    Contact a doctor urgently, or go to an emergency department, if any of these happen:

    - A temperature taken by mouth of 38.3 °C (101 °F) or more on a single reading, or of 38.0 °C (100.4 °F) or more that lasts for an hour [@freifeld-2011].
    - Shaking chills, or suddenly feeling very unwell, faint or confused.
    - Signs of a serious infection, such as difficulty breathing, a hot and painful patch of skin, or burning when passing urine.
    - Mouth ulcers together with a fever.
    - A repeat test showing an ANC below 0.5 ×10⁹/L (500/µL).

    ## Keeping an eye on it

    If the repeat count is back to normal, a short-lived dip, often after a virus, is the likely explanation and nothing more may be needed. If it stays mildly low, further counts over the following months show whether it is stable; a count that keeps falling, or other blood counts that drop too, calls for a fuller work-up [@gibson-berliner-2014; @mithoowani-2022].

    This page is for adults. It is general education, not a diagnosis: your own results are best read with a clinician who knows your history.
    """
)

_A1_PATIENT_SHORT = _md(
    """
    Your blood test shows slightly fewer white blood cells than usual, mostly because one kind, called neutrophils, is a little low. At your level this is called mild, and it often goes back to normal by itself. The usual next step is to repeat the blood test in 1 to 2 weeks.
    """
)

_A1_PATIENT_BODY = _md(
    """
    ## What your result means

    White blood cells help your body fight germs. Your test counted them in two ways.

    - Your **total white cell count** was 3.4. Most labs call 4.5 to 11.0 normal, so yours is a bit low. Doctors call this *leukopenia* [@merck-normal-lab-values].
    - Your **neutrophil count** was 1207. Neutrophils are the white cells that deal with bacteria. A count under 1500 is low. Doctors call this *neutropenia* [@gibson-berliner-2014].

    Both numbers are only a little below normal. This is the mildest level.

    ## Are you more likely to get an infection?

    Only slightly. Most people at your level feel well and do not get more infections than usual. The risk goes up a lot only when the neutrophil count falls below 500 [@mithoowani-2022; @newburger-dale-2013].

    ## Why might it be low?

    Often it is a short dip that fixes itself. Common reasons are:

    - a recent cold, flu or other virus
    - some medicines, such as certain antibiotics or thyroid medicines
    - low vitamin B12, folate or copper
    - illnesses where the immune system attacks your own body, such as lupus
    - an inherited blood type called Duffy-null. It gives lower counts but no extra risk. Only a blood test can show it [@merz-2023-blood-adv].

    Problems in the bone marrow, where blood cells are made, are less common. Doctors look for them mainly if your other blood counts are low too.

    ## What happens next

    - You will usually have the same blood test again in 1 to 2 weeks.
    - Bring a list of everything you take, including vitamins and herbal products.
    - Tell your doctor about any recent illness, mouth sores, rashes or joint pain.

    ## Get help right away if

    - your temperature is 38.3 °C (101 °F) or higher, even once [@freifeld-2011]
    - your temperature stays at 38.0 °C (100.4 °F) or higher for an hour
    - you have shaking chills or feel very unwell
    - you have mouth sores and a fever
    - you have signs of a bad infection, like trouble breathing or a hot, red, painful patch of skin

    Use a thermometer in your mouth. Do not wait to see if a fever goes away.

    ## Looking ahead

    If your next test is normal, you may not need anything else. If it stays low, your doctor will check it again over time and may do other tests to find the reason.

    This page is for adults and is here to help you understand your results. It is not a diagnosis. Your doctor knows your full story and can tell you what the numbers mean for you.
    """
)

_A1_CAREGIVER_SHORT = _md(
    """
    If the person you care for has a white count of 3.4 ×10⁹/L and a neutrophil count of 1207/µL, both are slightly low: mild leukopenia with mild neutropenia. This adds little infection risk, but it helps to know which signs mean calling their care team the same day, and to make sure the repeat blood test happens in 1 to 2 weeks.
    """
)

_A1_CAREGIVER_BODY = _md(
    """
    ## What the result means for the person you care for

    Their total white cell count (3.4 ×10⁹/L, where the usual adult range is 4.5 to 11.0) and their absolute neutrophil count (1207/µL, low when under 1500) are both a little under normal [@merck-normal-lab-values; @gibson-berliner-2014]. Neutrophils are the white cells that clear bacteria. A drop of this size is called mild and, by itself, adds only a small amount of infection risk [@mithoowani-2022].

    ## What you can do this week

    - **Book the repeat test.** A repeat blood count with a differential and a blood smear is usually done 1 to 2 weeks after the first. Put it in the calendar and plan how they will get there.
    - **Write a medicines list.** Include every prescription, over-the-counter product and supplement, with doses and roughly when each was started. Some medicines, including certain antibiotics, antithyroid drugs, clozapine and chemotherapy, can lower neutrophils [@gibson-berliner-2014].
    - **Note any recent illness.** A cold or other virus in the past few weeks is a common and harmless reason for a short dip.
    - **Have a working thermometer at home** and know how to take a temperature by mouth.

    ## What to watch for

    Call their doctor or care team the same day, or seek emergency care, if they have:

    - a temperature of 38.3 °C (101 °F) or more on one reading, or 38.0 °C (100.4 °F) or more lasting an hour [@freifeld-2011]
    - shivering or shaking chills
    - new confusion, unusual sleepiness, fast breathing, or a cough with breathlessness
    - mouth ulcers along with a fever
    - a red, swollen or painful area of skin, or burning when passing urine

    If you are unsure, call anyway. A call that turns out to be unnecessary costs far less than a delay.

    ## Questions worth taking to the appointment

    - Is the repeat count back to normal, or still low?
    - Could one of their medicines be the reason?
    - Are their red cells and platelets normal? If those are low too, the doctor will think about the bone marrow [@newburger-dale-2013].
    - Should vitamin B12, folate or copper be checked?
    - Would a Duffy blood-group test help? Duffy-null status lowers neutrophil counts without adding risk; it is found by a blood test and should never be assumed from someone's background [@merz-2023-blood-adv; @hibbs-2025].

    ## Looking after yourself too

    Waiting for a repeat test can be unsettling for both of you. It may help to know that most mild, first-time findings like this one turn out to be temporary [@mithoowani-2022].

    This page is educational and written about adults; it cannot diagnose the person you care for. Their own clinicians are the right people to interpret their results.
    """
)

_A1_PRO_SHORT = _md(
    """
    WBC 3.4 ×10⁹/L with ANC 1.207 ×10⁹/L is mild leukopenia with mild neutropenia (CTCAE v5.0: WBC decreased grade 1, neutrophil count decreased grade 2) [@ctcae-v5]. In an asymptomatic adult with normal hemoglobin and platelets, repeat a CBC with differential and peripheral smear in 1 to 2 weeks, reconcile medicines, and widen the work-up only if the neutropenia persists, deepens or involves other lineages [@gibson-berliner-2014].
    """
)

_A1_PRO_BODY = _md(
    """
    ## Definitions and grading

    - **Leukopenia:** WBC below the laboratory LLN, commonly 4.5 ×10⁹/L in adults [@merck-normal-lab-values].
    - **Neutropenia:** ANC < 1.5 ×10⁹/L, where ANC = WBC × (segmented neutrophils % + bands %) / 100 [@gibson-berliner-2014].

    Clinical bands beside CTCAE v5.0 "neutrophil count decreased" [@mithoowani-2022; @ctcae-v5]:

    - Mild, ANC 1.0 to < 1.5 ×10⁹/L: CTCAE grade 2
    - Moderate, 0.5 to < 1.0: grade 3
    - Severe, < 0.5: grade 4 (agranulocytosis < 0.2; profound < 0.1)
    - CTCAE grade 1 (< LLN to 1.5) has no clinical-band counterpart: with an LLN of 1.8, an ANC of 1.6 is grade 1 yet not neutropenic by the 1.5 cut-off.

    For WBC decreased, v5.0 grades are < LLN to 3.0 (G1), < 3.0 to 2.0 (G2), < 2.0 to 1.0 (G3) and < 1.0 ×10⁹/L (G4). The index values are therefore WBC G1 and ANC G2. CTCAE v6.0 (2025) redraws the neutrophil grades, so name the version whenever a grade is reported.

    ## Infection risk

    Risk scales with the depth and duration of neutropenia. In the mild band it is marginal; clinically important bacterial infection concentrates below 0.5 ×10⁹/L [@newburger-dale-2013; @freifeld-2011].

    ## Differential diagnosis

    - **Post-infectious:** transient suppression after viral illness; consider chronic infection such as HIV or viral hepatitis if persistent.
    - **Drug-induced:** some antibiotics, antithyroid drugs, clozapine, cytotoxic chemotherapy; separate idiosyncratic agranulocytosis from dose-related suppression.
    - **Nutritional:** vitamin B12, folate or copper deficiency (ask about prior bariatric surgery).
    - **Autoimmune:** SLE, rheumatoid arthritis with Felty syndrome, primary autoimmune neutropenia.
    - **Constitutional:** Duffy-null associated neutrophil count [@merz-2023; @hibbs-2025].
    - **Sequestration:** hypersplenism.
    - **Primary marrow disease:** myelodysplasia, leukemia, aplasia or infiltration, favored by additional cytopenias, macrocytosis, or blasts or dysplasia on the smear [@gibson-berliner-2014].

    ## Work-up

    1. Repeat CBC with differential and peripheral smear in 1 to 2 weeks to confirm the ANC and review morphology [@mithoowani-2022].
    2. Reconcile all medicines and supplements, with start dates.
    3. History for recent infection, oral ulcers, recurrent infections, constitutional symptoms, arthralgia, rash and family history; examine for lymphadenopathy and splenomegaly.
    4. If persistent or unexplained: B12, folate and copper; HIV and hepatitis serology as indicated; autoimmune serology guided by features; Duffy phenotype from the blood bank when a constitutional count is suspected.
    5. Refer to hematology, with marrow examination considered, for ANC < 0.5, a falling trend, other cytopenias or an abnormal smear [@newburger-dale-2013].

    ## Duffy-null status

    In healthy Duffy-null US adults the central 95 % ran from 1.21 to 5.39 ×10⁹/L for ANC and from 3.00 to 9.66 ×10⁹/L for WBC [@merz-2023]. Only the lower limits replace the usual ones: a count within the general adult range is not high in a Duffy-null patient. Apply these intervals only when Duffy-null status has been documented by testing, never inferred from race or ancestry. Even then, an ANC of 1.207 sits at the lower edge, so the repeat count still stands.

    ## Escalation

    IDSA fever (single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over one hour) with ANC < 0.5 ×10⁹/L, or expected to fall below 0.5 within 48 hours, is febrile neutropenia: an emergency, with assessment at once and empirical antibiotics within an hour of triage [@freifeld-2011; @taplitz-2018]. Fever with ANC < 1.0 is handled with the same urgency.

    Educational content for adults; it supports but does not replace clinical judgement, and it does not cover pregnancy or patients under 18.
    """
)

_A1_STUDENT_SHORT = _md(
    """
    Leukopenia with neutropenia means the total white count is low and the neutrophil count, worked out as ANC = WBC × (neutrophils % + bands %) / 100, is low too. With a WBC of 3.4 ×10⁹/L and 35.5 % neutrophils, ANC = 3.4 × 0.355 = 1.207 ×10⁹/L (1207/µL): mild leukopenia with mild neutropenia.
    """
)

_A1_STUDENT_BODY = _md(
    """
    ## Two words, two measurements

    The two terms sound alike but describe different quantities. *Leukopenia* concerns the total number of white cells (WBC) in a volume of blood; the usual adult reference range is about 4.5 to 11.0 ×10⁹/L [@merck-normal-lab-values]. *Neutropenia* concerns one population inside that total, the neutrophils, which are the body's front-line phagocytes against bacteria. It is defined on the absolute neutrophil count (ANC), with < 1.5 ×10⁹/L the usual adult threshold [@gibson-berliner-2014].

    ## Why the formula looks the way it does

    The differential reports what percentage of the white cells belongs to each type. A percentage is relative, so on its own it can mislead: 35.5 % neutrophils out of a WBC of 8.0 would give a comfortable 2.84 ×10⁹/L, while the same percentage out of 3.4 does not. What defends against infection is the number of neutrophils, so we turn the fraction back into a count by multiplying it by the total:

    **ANC = WBC × (segmented neutrophils % + band neutrophils %) / 100**

    Bands are slightly immature neutrophils released from the marrow. They can already do the job, so they are counted with the mature (segmented) cells. Dividing by 100 converts a percentage into a fraction.

    ## Worked example

    A report gives WBC 3.4 ×10⁹/L and neutrophils 35.5 %, with no separate band count.

    1. Percentage to fraction: 35.5 / 100 = 0.355.
    2. Multiply: 3.4 × 0.355 = 1.207 ×10⁹/L.
    3. Change units: 1 ×10⁹/L equals 1000/µL (and 1000/mm³), so the ANC is 1207/µL.
    4. Classify: a WBC of 3.4 is below 4.5, so leukopenia; an ANC of 1.207 lies between 1.0 and 1.5, so mild neutropenia [@mithoowani-2022].

    Two sanity checks catch most entry mistakes: the ANC can never be larger than the WBC, and the percentages in a differential cannot add up to more than 100.

    ## Bands, grades and scales

    Clinical bands: mild 1.0 to < 1.5, moderate 0.5 to < 1.0, severe < 0.5 ×10⁹/L [@gibson-berliner-2014; @newburger-dale-2013]. Oncology grades the same measurement with CTCAE v5.0, on which an ANC of 1.207 is grade 2 [@ctcae-v5]. Same number, different scales, so always say which one you are using.

    ## Thinking about causes

    A useful frame is production, destruction, distribution and normal variation. Production falls with viral suppression, drugs (some antibiotics, antithyroid drugs, clozapine, chemotherapy), vitamin B12, folate or copper deficiency, and marrow disease. Destruction is typical of autoimmune disease such as lupus. Distribution shifts when an enlarged spleen holds cells back. Normal variation includes the Duffy-null associated neutrophil count, a constitutionally lower count with no added infection risk, confirmed by blood-group testing rather than guessed from ancestry [@merz-2023-blood-adv; @hibbs-2025].

    ## What happens in practice

    For a well adult with a first mild result, the standard move is a repeat CBC with differential and smear in 1 to 2 weeks. Learn the IDSA fever definition by heart: a single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over an hour, which together with severe neutropenia turns a lab finding into an emergency [@freifeld-2011].

    This is teaching material about adult reference values; it is not a diagnosis for any individual.
    """
)


# ---------------------------------------------------------------------------
# Article 2: What is a normal absolute neutrophil count?
# ---------------------------------------------------------------------------

_A2_SHORT = _md(
    """
    For most adults a normal absolute neutrophil count (ANC) is about 1.8 to 7.7 ×10⁹/L, that is 1800 to 7700 cells per microliter; some laboratories use 1.5 to 8.0 [@merck-normal-lab-values]. Below 1.5 ×10⁹/L is called neutropenia, although people who are Duffy-null normally run lower counts without extra infection risk [@merz-2023].
    """
)

_A2_BODY = _md(
    """
    ## The usual adult range

    Neutrophils are the most plentiful white blood cells and the first to respond to bacteria. In adults, the ANC typically lies between 1.8 and 7.7 ×10⁹/L, though some laboratories print 1.5 to 8.0 [@merck-normal-lab-values]. Each lab sets its own limits, so the range on your own report is the one to compare against.

    - **Below 1.5 ×10⁹/L** is neutropenia: mild from 1.0 to just under 1.5, moderate from 0.5 to just under 1.0, severe below 0.5 [@gibson-berliner-2014].
    - **Above 7.7 ×10⁹/L** is neutrophilia, a raised count with its own set of causes.

    ## One number, several units

    Reports write the same quantity in different ways:

    - 1 ×10⁹/L = 1 ×10³/µL = 1 K/µL = 1000/µL = 1000/mm³
    - cells per microliter and cells per cubic millimetre are identical
    - so 1.8 ×10⁹/L is 1800/µL, and 1207/mm³ is 1.207 ×10⁹/L

    ## Where the ANC comes from

    Laboratories calculate it from the white cell count and the differential: ANC = WBC × (neutrophils % + bands %) / 100. A WBC of 3.4 ×10⁹/L with 35.5 % neutrophils gives 1.207 ×10⁹/L [@gibson-berliner-2014].

    ## Duffy-null associated neutrophil count

    About two thirds of people of African ancestry carry the Duffy-null blood-group pattern, which comes with a lower circulating neutrophil count and no added risk of infection [@merz-2023-blood-adv]. Among healthy US adults known to be Duffy-null, the central 95 % of ANC values ran from 1.21 to 5.39 ×10⁹/L, and of WBC values from 3.00 to 9.66 ×10⁹/L [@merz-2023]. The term "Duffy-null associated neutrophil count" has replaced the older label "benign ethnic neutropenia" [@merz-2023-blood-adv; @hibbs-2025].

    These ranges apply only when a blood test has shown Duffy-null status. They should never be applied on the basis of race or ancestry alone.

    ## One value is a snapshot

    Counts shift from day to day, and a single slightly abnormal result means little until it is repeated.

    This page describes adult values for education and is not a diagnosis. Ranges differ for children and during pregnancy.
    """
)

_A2_PATIENT_SHORT = _md(
    """
    For most adults, a normal neutrophil count is about 1.8 to 7.7 on a lab report, or 1800 to 7700 if your lab writes it another way. Your lab's own range, printed on your report, is the one to go by.
    """
)

_A2_PATIENT_BODY = _md(
    """
    ## What the number is

    Neutrophils are white blood cells that fight bacteria. The absolute neutrophil count (ANC) tells you how many are in your blood.

    ## What is normal

    - For most adults it is about **1.8 to 7.7**. Some labs use 1.5 to 8.0 [@merck-normal-lab-values].
    - Below 1.5 is called *neutropenia*. Between 1.0 and 1.5 is mild [@gibson-berliner-2014].
    - Your report may show it as 1800 instead of 1.8. These mean the same thing.

    ## A normal difference some people have

    Some people have an inherited blood type called Duffy-null. It is common in people with African ancestry. Their neutrophil count is naturally lower: a count as low as about 1.2 can be normal for them, and they are not more likely to get infections [@merz-2023; @merz-2023-blood-adv]. Only a blood test can show if you are Duffy-null.

    ## One test is not the whole story

    Counts change from day to day. If yours is a little outside the range, your doctor will usually repeat the test.

    This page is for adults and is for learning only. It is not a diagnosis.
    """
)

_A2_CAREGIVER_SHORT = _md(
    """
    A normal neutrophil count for an adult is about 1.8 to 7.7 ×10⁹/L (1800 to 7700/µL), though each lab prints its own range. Compare the result of the person you care for with the range on their own report.
    """
)

_A2_CAREGIVER_BODY = _md(
    """
    ## Reading their report

    Look for a line called ANC, absolute neutrophils or "Neut #". For adults, most labs treat roughly 1.8 to 7.7 ×10⁹/L as normal, and some use 1.5 to 8.0 [@merck-normal-lab-values]. The same value may appear as 1.8, 1.8 K/µL or 1800/µL; these are all equal.

    ## When a low number matters

    A count under 1.5 is neutropenia. Between 1.0 and 1.5 it is mild and adds little infection risk; below 0.5 it is severe, and a fever then needs urgent care [@gibson-berliner-2014].

    ## Duffy-null status

    If the person you care for has been tested and found to be Duffy-null, a lower count can be normal for them: in healthy Duffy-null adults the range was about 1.21 to 5.39 ×10⁹/L [@merz-2023]. This can only be known from a blood test, not from their background. If they have been tested, keep a copy of the result with their records, as it can prevent unnecessary worry and testing.

    ## Practical tips

    - Keep copies of past results so a new value can be compared with their usual one.
    - Ask the clinician which range they are using.

    This is educational material about adults and does not diagnose anyone.
    """
)

_A2_PRO_SHORT = _md(
    """
    Adult ANC reference interval: about 1.8 to 7.7 ×10⁹/L (some laboratories 1.5 to 8.0); neutropenia is < 1.5 ×10⁹/L [@merck-normal-lab-values; @gibson-berliner-2014]. For documented Duffy-null adults, a specific interval of 1.21 to 5.39 ×10⁹/L applies [@merz-2023].
    """
)

_A2_PRO_BODY = _md(
    """
    ## Interval and units

    The adult ANC interval is roughly 1.8 to 7.7 ×10⁹/L, with laboratory variation (1.5 to 8.0 is also common) [@merck-normal-lab-values]. 1 ×10⁹/L = 1 ×10³/µL = 1000/mm³. ANC = WBC × (segmented % + bands %) / 100. Severity bands: mild 1.0 to < 1.5, moderate 0.5 to < 1.0, severe < 0.5 ×10⁹/L [@gibson-berliner-2014]. CTCAE v5.0 grades neutrophil count decreased from < LLN (G1) to < 0.5 ×10⁹/L (G4) [@ctcae-v5].

    ## Duffy-null associated neutrophil count

    The Duffy-null phenotype, Fy(a−b−), was present in 66.7 % of a healthy self-identified Black cohort and is linked to lower ANC without added infection risk [@merz-2023-blood-adv]. Duffy-null-specific intervals (central 95 %, US adults): ANC 1.21 to 5.39 ×10⁹/L and WBC 3.00 to 9.66 ×10⁹/L [@merz-2023]; use them to lower the lower limits only. Use them only when Duffy status is documented by phenotyping or genotyping; do not infer it from race. Applying conventional limits to Duffy-null patients leads to avoidable referrals, testing and interrupted treatment [@merz-2023].

    Educational content for adult interpretation; not applicable to pediatrics or pregnancy.
    """
)

_A2_STUDENT_SHORT = _md(
    """
    A typical adult ANC reference interval is 1.8 to 7.7 ×10⁹/L (1800 to 7700/µL). It is derived from a healthy reference population, so it describes where most healthy people fall rather than a hard line between health and disease.
    """
)

_A2_STUDENT_BODY = _md(
    """
    ## What a reference interval is

    A reference interval usually covers the central 95 % of values in a healthy reference group. For adult ANC, that gives roughly 1.8 to 7.7 ×10⁹/L, though laboratories differ and some quote 1.5 to 8.0 [@merck-normal-lab-values]. By construction, about 1 healthy person in 40 falls below the lower limit.

    ## Units you will meet

    1 ×10⁹/L = 1 ×10³/µL = 1000/µL = 1000/mm³. So 1.5 ×10⁹/L, the usual neutropenia threshold [@gibson-berliner-2014], is 1500/µL.

    ## Why the reference group matters

    If the reference group leaves out a large, healthy subgroup with a different distribution, the interval misclassifies that subgroup. Duffy-null adults are the clearest example: their lower counts carry no extra infection risk [@merz-2023-blood-adv], and a dedicated interval of 1.21 to 5.39 ×10⁹/L fits them better [@merz-2023]. The key lesson is that status is established by a blood-group test, never assumed from ancestry.

    Teaching material about adult values; not a diagnosis.
    """
)


# ---------------------------------------------------------------------------
# Article 3: When is fever with neutropenia an emergency?
# ---------------------------------------------------------------------------

_A3_SHORT = _md(
    """
    Seek care now if your neutrophil count is low, or you are on treatment that lowers it, and your temperature taken by mouth reaches 38.3 °C (101 °F) once or stays at 38.0 °C (100.4 °F) or more for an hour [@freifeld-2011]. With a count below 0.5 ×10⁹/L, or one expected to fall below it within 48 hours, this is febrile neutropenia, a medical emergency that is treated with antibiotics straight away.
    """
)

_A3_BODY = _md(
    """
    **Seek care now.** If your neutrophil count is known to be low, or you are having treatment such as chemotherapy that can lower it, and you develop a fever, call your care team's urgent number or go to an emergency department straight away. Do not wait until the morning to see whether it settles, and do not wait for a blood test first.

    ## What counts as a fever here

    Guidelines use a temperature taken by mouth [@freifeld-2011]:

    - **38.3 °C (101 °F) or higher** on a single reading, or
    - **38.0 °C (100.4 °F) or higher** that lasts for at least an hour.

    ## What counts as a low count here

    Fever is an emergency when the absolute neutrophil count (ANC) is below 0.5 ×10⁹/L (500 cells/µL), and also when the count is still higher but **expected to fall below 0.5 within the next 48 hours** [@freifeld-2011; @taplitz-2018]. This second part matters most in the days after a chemotherapy cycle, when counts are heading down: a recent "normal" result does not make a new fever safe.

    A fever with an ANC below 1.0 ×10⁹/L also needs care now: a count that low may be expected to fall below 0.5 within 48 hours [@freifeld-2011].

    ## Why it is urgent

    Neutrophils are the body's first defense against bacteria. With very few of them, an infection can spread quickly, and the usual signs such as swelling or pus may hardly show, leaving fever as the only early warning. That is why febrile neutropenia is treated as an emergency: people are assessed quickly and given antibiotics without waiting for every test result [@freifeld-2011; @taplitz-2018].

    ## Other signs that need help now

    - shaking chills
    - feeling faint, confused or very drowsy
    - breathlessness, chest pain or a new cough
    - mouth ulcers with a fever
    - a red, painful or swollen area of skin, or burning when passing urine

    ## What to do

    1. Take your temperature by mouth and note the time.
    2. Call your care team or emergency services. Say that you may have a low neutrophil count and have a fever, and give the date of your last chemotherapy if you have had any.
    3. Do not drive yourself if you feel faint or unwell.

    ## If your count is only mildly low

    For someone who is well, not on cancer treatment and has a mildly low count (1.0 to 1.5 ×10⁹/L), the risk of serious infection is much lower. A fever still deserves prompt medical advice.

    This page is for adults and for education; it is not a diagnosis. If you have a care plan from your own team, follow it.
    """
)

_A3_UPDATE_BODY = _md(
    """
    **Seek care now.** If your neutrophil count is known to be low, or you are having treatment such as chemotherapy that can lower it, and you develop a fever, call your care team's urgent number or go to an emergency department straight away. Do not wait until the morning to see whether it settles, and do not wait for a blood test first.

    ## What counts as a fever here

    Guidelines use a temperature taken by mouth [@freifeld-2011]:

    - **38.3 °C (101 °F) or higher** on a single reading, or
    - **38.0 °C (100.4 °F) or higher** that lasts for at least an hour.

    ## What counts as a low count here

    Fever is an emergency when the absolute neutrophil count (ANC) is below 0.5 ×10⁹/L (500 cells/µL), and also when the count is still higher but **expected to fall below 0.5 within the next 48 hours** [@freifeld-2011; @taplitz-2018]. This second part matters most in the days after a chemotherapy cycle, when counts are heading down: a recent "normal" result does not make a new fever safe.

    A fever with an ANC below 1.0 ×10⁹/L also needs care now: a count that low may be expected to fall below 0.5 within 48 hours [@freifeld-2011].

    ## Why it is urgent

    Neutrophils are the body's first defense against bacteria. With very few of them, an infection can spread quickly, and the usual signs such as swelling or pus may hardly show, leaving fever as the only early warning. That is why febrile neutropenia is treated as an emergency: people are assessed quickly and given antibiotics without waiting for every test result [@freifeld-2011; @taplitz-2018].

    ## Other signs that need help now

    - shaking chills
    - feeling faint, confused or very drowsy
    - breathlessness, chest pain or a new cough
    - mouth ulcers with a fever
    - a red, painful or swollen area of skin, or burning when passing urine

    ## What to do

    1. Take your temperature by mouth and note the time.
    2. Call your care team or emergency services. Say that you may have a low neutrophil count and have a fever, and give the date of your last chemotherapy if you have had any.
    3. Do not drive yourself if you feel faint or unwell.

    ## During anticancer treatment

    If you are having anticancer treatment, or had it in the last six weeks, call your care team's 24-hour line for any fever, even when your last blood count was normal: counts can fall quickly in the days after a cycle [@nice-cg151].

    ## If your count is only mildly low

    For someone who is well, not on cancer treatment and has a mildly low count (1.0 to 1.5 ×10⁹/L), the risk of serious infection is much lower. A fever still deserves prompt medical advice.

    This page is for adults and for education; it is not a diagnosis. If you have a care plan from your own team, follow it.
    """
)

_A3_PATIENT_SHORT = _md(
    """
    Get help now if your neutrophil count is low, or you are having chemotherapy, and your temperature is 38.3 °C or more once, or 38.0 °C or more for an hour. Call your care team or go to the emergency department. Do not wait.
    """
)

_A3_PATIENT_BODY = _md(
    """
    **Get help now.** Call your care team's urgent number or go to an emergency department if you have a fever and a low neutrophil count.

    ## What is a fever?

    Take your temperature in your mouth. It is a fever if [@freifeld-2011]:

    - it is **38.3 °C (101 °F) or more**, even once, or
    - it stays at **38.0 °C (100.4 °F) or more** for an hour.

    ## Why is this urgent?

    Neutrophils are the white blood cells that fight bacteria. When you have very few, an infection can get serious fast. Often a fever is the only sign. Doctors treat this as an emergency and give antibiotics quickly [@taplitz-2018].

    ## Also get help now if you have

    - shaking chills
    - trouble breathing
    - confusion or you feel like you might faint
    - mouth sores and a fever

    ## What to say when you call

    Say: "I may have low neutrophils and I have a fever." Tell them if you have had chemotherapy and when.

    This page is for adults. It helps you understand when to act. It is not a diagnosis.
    """
)

_A3_CAREGIVER_SHORT = _md(
    """
    If the person you care for has a low neutrophil count, or is on chemotherapy, and their mouth temperature is 38.3 °C or more once, or 38.0 °C or more for an hour, get them medical care now. Call their care team's urgent line or go to an emergency department.
    """
)

_A3_CAREGIVER_BODY = _md(
    """
    **Act now.** Fever in someone with a low neutrophil count is a medical emergency [@freifeld-2011]. Call their care team's urgent line or take them to an emergency department without waiting to see whether it passes.

    ## How to check

    - Take the temperature by mouth and write down the time and reading.
    - It counts as a fever at **38.3 °C (101 °F) or more** once, or **38.0 °C (100.4 °F) or more** lasting an hour [@freifeld-2011].

    ## Other warning signs to watch for

    - shivering or shaking chills
    - new confusion or unusual sleepiness
    - fast breathing, breathlessness or a new cough
    - mouth ulcers with a fever
    - a red, swollen or painful patch of skin, or pain passing urine

    ## Be ready before it happens

    - Keep the urgent phone number where everyone can find it.
    - Keep a short list with their diagnosis, medicines and the date of their last chemotherapy.
    - Have a working thermometer at home.

    ## When you call

    Say that they may have low neutrophils and have a fever. Hospitals aim to start antibiotics quickly in this situation [@taplitz-2018], so going in promptly is the right call even at night.

    This page is educational and about adults; it cannot diagnose the person you care for.
    """
)

_A3_PRO_SHORT = _md(
    """
    Febrile neutropenia (IDSA): single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over one hour, with ANC < 0.5 ×10⁹/L or expected to fall below 0.5 within 48 hours [@freifeld-2011]. Treat as an emergency: assess, culture and start empirical broad-spectrum antibiotics promptly, with the first dose within an hour of triage [@taplitz-2018].
    """
)

_A3_PRO_BODY = _md(
    """
    **Emergency:** fever in a patient with, or at risk of, severe neutropenia needs assessment now and empirical antibiotics.

    ## Definition

    - Fever: single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over one hour [@freifeld-2011].
    - Neutropenia: ANC < 0.5 ×10⁹/L, or expected to fall below 0.5 within 48 hours [@freifeld-2011].
    - CTCAE v5.0 grades neutrophil count decreased < 0.5 ×10⁹/L as grade 4 [@ctcae-v5]. Fever with ANC < 1.0 prompts the same urgency, as the count may be expected to fall below 0.5 within 48 hours [@freifeld-2011].

    ## Initial management

    - Assess hemodynamic status and a focused examination for a source, including line sites, skin and mouth; signs of inflammation may be muted.
    - Blood cultures, CBC with differential, chemistry, and further tests guided by symptoms.
    - Empirical broad-spectrum antibiotics without waiting for results; ASCO/IDSA advise the first dose within one hour of triage [@taplitz-2018].
    - Stratify risk with a validated tool such as MASCC; selected low-risk patients may be managed as outpatients [@taplitz-2018].

    ## Outside oncology

    A well patient with incidental mild neutropenia (ANC 1.0 to < 1.5) and fever is at much lower risk, but still merits prompt review and a repeat CBC [@gibson-berliner-2014].

    Educational content for adult care; follow local protocols.
    """
)

_A3_STUDENT_SHORT = _md(
    """
    Fever with neutropenia becomes an emergency, febrile neutropenia, when a single oral temperature is ≥ 38.3 °C, or ≥ 38.0 °C for an hour, and the ANC is below 0.5 ×10⁹/L or expected to fall below that within 48 hours [@freifeld-2011]. The patient needs care and antibiotics now.
    """
)

_A3_STUDENT_BODY = _md(
    """
    **Key point first:** febrile neutropenia is treated as an emergency; the patient is seen and given antibiotics promptly.

    ## Unpacking the definition

    The IDSA definition has two parts [@freifeld-2011]. The temperature part accepts either a single high reading (≥ 38.3 °C) or a slightly lower one that persists (≥ 38.0 °C over an hour), so that a sustained low-grade fever is not dismissed. The count part covers an ANC below 0.5 ×10⁹/L and also a count expected to drop below 0.5 within 48 hours, because after chemotherapy the count keeps falling towards its lowest point and waiting for it to get there wastes time.

    ## Why fever may be the only clue

    Redness, swelling and pus are largely the work of neutrophils. With very few of them, an infection can progress with little local sign, so fever carries much of the diagnostic weight.

    ## Why speed matters

    Infection can advance rapidly in these patients, which is why ASCO/IDSA advise giving the first antibiotic dose within an hour of triage [@taplitz-2018]. Oncology grading (CTCAE v5.0) grades the count itself, an ANC < 0.5 ×10⁹/L being grade 4 [@ctcae-v5]; a grade describes severity and does not say what to do.

    Teaching material on adult care; not a diagnosis.
    """
)


ARTICLES: list[dict] = [
    {
        "slug": "what-does-leukopenia-with-neutropenia-indicate",
        "title": "What does leukopenia with neutropenia indicate?",
        "topic": "Blood counts",
        "short_answer": _A1_SHORT,
        "body": _A1_BODY,
        "variants": {
            "patient": {"short_answer": _A1_PATIENT_SHORT, "body": _A1_PATIENT_BODY},
            "caregiver": {"short_answer": _A1_CAREGIVER_SHORT, "body": _A1_CAREGIVER_BODY},
            "professional": {"short_answer": _A1_PRO_SHORT, "body": _A1_PRO_BODY},
            "student": {"short_answer": _A1_STUDENT_SHORT, "body": _A1_STUDENT_BODY},
        },
        "state": "submitted",
        "correction": (
            "Cites the Duffy-null WBC range to Merz et al., JAMA 2023 (not Hibbs 2025), cites "
            "CTCAE for the grades only, calls fever with neutropenia an emergency rather than "
            "a same-day matter, and gives 101 °F."
        ),
        "reviewer_comment": (
            "Checked against our reviewed facts: severity bands, the IDSA fever definition and "
            "the Duffy-null note are correct and well cited, and each audience version says the "
            "same thing at the right level. Approved."
        ),
    },
    {
        "slug": "what-is-a-normal-absolute-neutrophil-count",
        "title": "What is a normal absolute neutrophil count?",
        "topic": "Blood counts",
        "short_answer": _A2_SHORT,
        "body": _A2_BODY,
        "variants": {
            "patient": {"short_answer": _A2_PATIENT_SHORT, "body": _A2_PATIENT_BODY},
            "caregiver": {"short_answer": _A2_CAREGIVER_SHORT, "body": _A2_CAREGIVER_BODY},
            "professional": {"short_answer": _A2_PRO_SHORT, "body": _A2_PRO_BODY},
            "student": {"short_answer": _A2_STUDENT_SHORT, "body": _A2_STUDENT_BODY},
        },
        "state": "approved",
        "correction": (
            "Cites both Duffy-null ranges to Merz et al., JAMA 2023, where they come from "
            "(not Hibbs 2025), and says only their lower limits are used."
        ),
        "reviewer_comment": (
            "Ranges and unit conversions match the Merck tables; the Duffy-null intervals are "
            "cited to the primary studies, and the text rightly insists on a blood test rather "
            "than ancestry. Approved."
        ),
    },
    {
        "slug": "when-is-fever-with-neutropenia-an-emergency",
        "title": "When is fever with neutropenia an emergency?",
        "topic": "Infections and fever",
        "short_answer": _A3_SHORT,
        "body": _A3_BODY,
        "variants": {
            "patient": {"short_answer": _A3_PATIENT_SHORT, "body": _A3_PATIENT_BODY},
            "caregiver": {"short_answer": _A3_CAREGIVER_SHORT, "body": _A3_CAREGIVER_BODY},
            "professional": {"short_answer": _A3_PRO_SHORT, "body": _A3_PRO_BODY},
            "student": {"short_answer": _A3_STUDENT_SHORT, "body": _A3_STUDENT_BODY},
        },
        "state": "approved_with_update",
        "correction": (
            "Adds IDSA's 'expected to fall below 0.5 ×10⁹/L within 48 hours' clause, says "
            "'emergency' and 'now' where it said 'same-day', no longer cites CTCAE for advice, "
            "and gives the fever figure as 101 °F."
        ),
        "update": {
            "body": _A3_UPDATE_BODY,
            "reason": (
                "Adds the advice for anyone having anticancer treatment: any fever within six "
                "weeks of a treatment means calling the care team's 24-hour line (NICE CG151)."
            ),
        },
        "reviewer_comment": (
            "Leads with the right urgency, uses the IDSA temperature criteria rather than the "
            "older 38.5 °C figure, and tells readers plainly what to do. Approved."
        ),
    },
]


# ---------------------------------------------------------------------------
# Editorial policy
# ---------------------------------------------------------------------------

# The policy texts state no numbers of their own (reviews.policy_text): the
# placeholders in braces become the version's settings when it is saved, and the
# policy page shows every setting beside the text.
_POLICY_V1 = _md(
    """
    ## Who writes our content

    Articles and interpretation guidance are written by named editors with training in medicine, nursing, pharmacy or the biomedical sciences. Every page lists its authors and the date it was last updated.

    ## Review by the medical advisory board

    Before anything medical is published, our medical advisory board, made up of practicing clinicians, reviews it against the cited sources. Nobody may review their own work. A page is approved once it has {approvals_required} from different board members. The board aims to decide on a submission within {review_turnaround_days}. Reference ranges, severity bands and other thresholds used by our lab-result tool are reviewed in exactly the same way, because they change what readers are told.

    ## How we choose sources

    We start from current clinical practice guidelines and systematic reviews. Where they do not answer a question, we use narrative reviews by recognized experts and cite primary studies directly. Every factual claim is linked to a numbered reference with enough detail (DOI, PubMed ID or web address) for a reader to find it.

    ## Conflicts of interest

    Editors and board members declare financial and professional interests when they join, and update the declaration whenever their interests change. Declarations are kept on file and are available on request. Anyone with a conflict on a topic does not write or review it.

    ## Keeping content current

    Approved content is reviewed again at least every {rereview_interval_days}, and sooner when important guidance changes. Pages past their review date are marked "review due".

    ## Corrections

    Readers can report a possible error from any page. We check reports promptly. Factual corrections are published with a dated note, and any change to medical content goes through board review.

    ## Wording for different readers

    Readers can choose to see an article written for patients, caregivers, clinicians or students. These versions carry the same facts in different words and are reviewed together with the main text. If a version is missing, we show the main text and say so.

    ## Content awaiting review

    Drafts are never public. The rules above say whether content waiting for its first approval is shown, and it always carries a clear caution banner when it is. When approved content is edited, readers keep seeing the approved version until the edit has been reviewed.

    Our content is educational. It does not diagnose anyone or replace advice from a clinician who knows the reader.
    """
)

_POLICY_V2 = _md(
    """
    ## Who writes our content

    Articles and interpretation guidance are written by named editors with training in medicine, nursing, pharmacy or the biomedical sciences. Every page lists its authors and the date it was last updated.

    ## Review by the medical advisory board

    Before anything medical is published, our medical advisory board, made up of practicing clinicians, reviews it against the cited sources. Nobody may review their own work. A page is approved once it has {approvals_required} from different board members. The board aims to decide on a submission within {review_turnaround_days}. Reference ranges, severity bands and other thresholds used by our lab-result tool are reviewed in exactly the same way, because they change what readers are told.

    ## How we choose sources

    We start from current clinical practice guidelines and systematic reviews. Where they do not answer a question, we use narrative reviews by recognized experts and cite primary studies directly. Every factual claim is linked to a numbered reference with enough detail (DOI, PubMed ID or web address) for a reader to find it.

    **New in this version:** each page states the date through which the literature was searched ("literature current through"), set by the editor and confirmed by the reviewer at approval.

    ## Conflicts of interest

    Editors and board members declare financial and professional interests when they join, and update the declaration whenever their interests change.

    **New in this version:** reviewers must also make a conflict-of-interest declaration on every approval or request for changes, stating either "none" or the interest concerned. The declaration is recorded with the review decision. Anyone with a relevant conflict steps aside from that item.

    ## Keeping content current

    Approved content is reviewed again at least every {rereview_interval_days}, and sooner when important guidance changes. Pages past their review date are marked "review due".

    ## Corrections

    Readers can report a possible error from any page. Factual corrections are published with a dated note, and any change to medical content goes through board review.

    ## Wording for different readers

    Readers can choose wording for patients, caregivers, clinicians or students. These versions carry the same facts and are reviewed together with the main text. If a wording is missing, we show the main text and say so.

    ## Content awaiting review

    Drafts are never public. The rules above say whether content waiting for its first approval is shown, and whether content the board sent back stays public; either way it carries a caution banner. Readers keep seeing the last approved version of an edited page until the edit is reviewed.

    Our content is educational. It does not diagnose anyone or replace advice from a clinician who knows the reader.
    """
)

# Both versions are drafted, submitted and approved through the review workflow
# when the demo is loaded, effective that day.
POLICY_VERSIONS: list[dict] = [
    {
        "number": 1,
        "change_note": "First published editorial policy.",
        "approvals_required": 1,
        "rereview_interval_days": 365,
        "review_turnaround_days": 7,
        "body": _POLICY_V1,
    },
    {
        "number": 2,
        "change_note": (
            "Reviewers now declare conflicts of interest on every sign-off, and each page shows "
            "a 'literature current through' date."
        ),
        "approvals_required": 1,
        "rereview_interval_days": 365,
        "review_turnaround_days": 7,
        "body": _POLICY_V2,
    },
]
