# ruff: noqa: E501
"""Demo guidance blocks for the lab-result interpretation page.

Pure data, no Django import. Each dict in GUIDANCE is one block of guidance
shown for a finding (``neutropenia``, ``anemia``...), a severity ("" = any), a
page section and an audience ("" = default wording for a general adult reader).

Every sentence is our own writing. Medical facts follow
shared/reference/clinical-facts.md (adults only); where that file differs from
the seed page, it wins (fever: IDSA, a single oral temperature >= 38.3 °C or
>= 38.0 °C sustained over an hour). Markdown bodies cite sources with ``[@key]``
or ``[@key1; @key2]`` markers whose keys are in demo.article_texts.SOURCES.

``state`` is "approved" or "submitted" (submitted = waiting for the board;
readers never see it). Besides the guidance sections, the blocks hold every
other sentence the result page shows: headline phrases (``headline``, the
title only), the alert boxes (``alert``), the one instruction per level
(``instruction``), why a result is declined (``declined``) and the section
headings (key ``page``); see ``interpretation.wording``.

CHANGE_REASONS says why a block's wording changed since it was first loaded:
``seed_demo`` submits the corrected wording with that reason, and a demo board
member approves it, when a database still holds the earlier one.
"""

from textwrap import dedent


def _md(text: str) -> str:
    """Strip the indentation of a triple-quoted Markdown block."""
    return dedent(text).strip() + "\n"


def _title(key: str, section: str, title: str, audience: str = "", severity: str = "") -> dict:
    """A block shown by its title alone (a headline phrase or a section heading)."""
    return {
        "finding": key,
        "severity": severity,
        "section": section,
        "audience": audience,
        "title": title,
        "body": "",
        "state": "approved",
    }


def _text(key: str, section: str, title: str, body: str, audience: str = "") -> dict:
    return {
        "finding": key,
        "severity": "",
        "section": section,
        "audience": audience,
        "title": title,
        "body": _md(body),
        "state": "approved",
    }


GUIDANCE: list[dict] = [
    # -----------------------------------------------------------------------
    # Neutropenia, mild (ANC 1.0 to < 1.5 ×10⁹/L)
    # -----------------------------------------------------------------------
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "meaning",
        "audience": "",
        "title": "What mild neutropenia means",
        "body": _md(
            """
            Your absolute neutrophil count (ANC) falls in the mild neutropenia range: at least 1.0 but under 1.5 ×10⁹/L, which is the same as 1000 to 1499 cells/µL [@gibson-berliner-2014; @mithoowani-2022]. Neutrophils are the white blood cells that respond first to bacteria, so the ANC is the figure clinicians watch most closely when white cells are low.

            A count like yours is often picked up by chance on a routine blood test, and it frequently proves temporary, for example after a viral illness. One result on its own tells only part of the story: counts move from day to day, and a pattern becomes clear only once the test has been repeated [@mithoowani-2022].

            If your laboratory prints its own lower limit, compare your value with that range. Adults known from a blood test to be Duffy-null have a separate, lower range [@merz-2023].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "meaning",
        "audience": "patient",
        "title": "What your result means",
        "body": _md(
            """
            Neutrophils are white blood cells. They fight germs, mostly bacteria.

            Your neutrophil count is a little below normal. Doctors call this mild neutropenia. It is the mildest level [@gibson-berliner-2014].

            A result like this is often found by chance. It often goes back to normal on its own, for example after a cold or another virus.

            One test is a snapshot of a single day. Your count can go up and down. A second test will tell you more [@mithoowani-2022].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "meaning",
        "audience": "professional",
        "title": "Mild neutropenia: definition and grade",
        "body": _md(
            """
            ANC 1.0 to < 1.5 ×10⁹/L (1000 to 1499/µL) is mild neutropenia by the adult clinical bands [@gibson-berliner-2014; @mithoowani-2022]. ANC = WBC × (segmented neutrophils % + bands %) / 100.

            - **CTCAE v5.0**, neutrophil count decreased: **grade 2** (< 1.5 to 1.0 ×10⁹/L). Grade 1 (< LLN to 1.5) has no clinical-band counterpart, so an ANC of 1.6 with an LLN of 1.8 is grade 1 yet not neutropenic [@ctcae-v5].
            - CTCAE v6.0 (2025) places this same range in grade 1; always state the version beside a grade.

            In an asymptomatic adult an isolated mild value is commonly incidental and transient. Read it alongside hemoglobin, platelets, the smear and any earlier counts. Where Duffy-null status is documented by testing, the Duffy-null interval (ANC 1.21 to 5.39 ×10⁹/L) applies instead [@merz-2023].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "infection_risk",
        "audience": "",
        "title": "Mild neutropenia and your risk of infection",
        "body": _md(
            """
            The chance of infection rises as the neutrophil count falls. At a level like yours the added risk is small, and most people in this range feel well and do not catch more infections than usual [@newburger-dale-2013; @mithoowani-2022].

            For comparison, clinicians group adult counts into three bands [@gibson-berliner-2014]:

            - **Mild:** 1.0 to under 1.5 ×10⁹/L (1000 to 1499/µL)
            - **Moderate:** 0.5 to under 1.0 ×10⁹/L (500 to 999/µL)
            - **Severe:** under 0.5 ×10⁹/L (under 500/µL)

            Serious bacterial infection is mainly a concern in the severe band, and it becomes much more likely under 0.1 ×10⁹/L [@newburger-dale-2013]. The practical step for you is to know the warning signs in the section on getting care straight away, so that a fever is never left to wait.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "causes",
        "audience": "",
        "title": "Possible reasons for a mildly low count",
        "body": _md(
            """
            A mildly low count often has a simple, passing explanation. These are the causes a clinician will usually consider [@gibson-berliner-2014; @newburger-dale-2013]:

            - **A recent viral infection**, which can hold the count down for a few weeks.
            - **Medicines**, including some antibiotics, antithyroid drugs, clozapine and chemotherapy.
            - **Low levels of vitamin B12, folate or copper.**
            - **Autoimmune disease**, such as lupus, in which the immune system targets the body's own cells.
            - **Duffy-null status**, an inherited blood-group pattern that lowers the neutrophil count without raising infection risk. Only a blood test can confirm it [@merz-2023-blood-adv; @hibbs-2025].
            - **Bone-marrow disorders**, which are less common and come into question mainly when red cells or platelets are low as well.

            Which of these fits, if any, depends on your history, your medicines and what a repeat test shows.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "next_steps",
        "audience": "",
        "title": "After a first mildly low neutrophil count",
        "body": _md(
            """
            When mild neutropenia is found for the first time in someone who feels well, the plan is usually calm and simple [@mithoowani-2022; @gibson-berliner-2014]:

            1. **Repeat the blood count** with a differential and a blood smear (a look at the cells under a microscope) in 1 to 2 weeks.
            2. **Go over your medicines** with a clinician, including supplements and anything bought without a prescription.
            3. **Note any symptoms**, such as a recent illness, mouth sores, rashes, joint pain, weight loss or night sweats.

            If the repeat count is normal, a short-lived dip is the likely explanation. If it stays low, your clinician may check vitamin B12, folate and copper, look for autoimmune disease or suggest a Duffy blood-group test. A referral to a hematologist becomes more likely if the count keeps falling or your other blood counts drop too [@newburger-dale-2013].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "next_steps",
        "audience": "patient",
        "title": "Your next steps",
        "body": _md(
            """
            - You will usually have the same blood test again in 1 to 2 weeks.
            - Make a list of all your medicines. Add vitamins, herbal products and anything you buy without a prescription.
            - Tell your doctor about any recent illness, mouth sores, rashes or sore joints.

            If the next test is normal, you may not need anything more. If it is still low, your doctor may do a few more blood tests to find the reason [@mithoowani-2022].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "next_steps",
        "audience": "professional",
        "title": "Work-up of a first mild neutropenia",
        "body": _md(
            """
            For an asymptomatic adult with a first finding and normal hemoglobin and platelets [@gibson-berliner-2014; @mithoowani-2022; @newburger-dale-2013]:

            1. Repeat CBC with differential and peripheral smear in 1 to 2 weeks to confirm the ANC and review morphology (dysplasia, blasts, hypersegmented neutrophils).
            2. Reconcile all medicines and supplements with start dates; consider stopping or replacing a plausible culprit.
            3. History and examination: recent infection, oral ulcers, recurrent infections, constitutional symptoms, arthralgia, rash, family history; lymphadenopathy and splenomegaly.
            4. If persistent or unexplained: vitamin B12, folate and copper; autoimmune screen when clinical features point that way; Duffy phenotype if a constitutional count is suspected.
            5. Reserve marrow evaluation for a falling ANC, a new cytopenia in another lineage or an abnormal smear; refer to hematology on the same triggers or for ANC < 0.5 ×10⁹/L (< 500/µL).
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "seek_care",
        "audience": "",
        "title": "When to get care straight away",
        "body": _md(
            """
            Get medical help now, from your clinician's urgent line or an emergency department, if any of the following happens [@freifeld-2011]:

            - a temperature taken by mouth of **38.3 °C (101 °F) or more** on a single reading, or **38.0 °C (100.4 °F) or more** lasting an hour
            - shaking chills
            - signs of a serious infection, such as breathlessness, confusion, a hot and painful patch of skin, or burning when passing urine
            - mouth ulcers together with a fever
            - a repeat test showing an ANC below 0.5 ×10⁹/L (500/µL)

            If your neutrophil count is ever below 1.0 ×10⁹/L, a fever means seek care now. In every case, do not wait to see whether a fever settles by itself [@taplitz-2018].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "seek_care",
        "audience": "patient",
        "title": "Get help right away if",
        "body": _md(
            """
            - your temperature is 38.3 °C (101 °F) or higher, even once
            - your temperature stays at 38.0 °C (100.4 °F) or higher for an hour
            - you have shaking chills
            - you feel very ill, confused or short of breath
            - you have mouth sores and a fever
            - a new test shows your neutrophil count is below 0.5 (or 500)

            Take your temperature in your mouth. Call your doctor or go to an emergency department. Do not wait to see if it gets better [@freifeld-2011].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "seek_care",
        "audience": "professional",
        "title": "Escalation criteria",
        "body": _md(
            """
            Escalate at once for any of these [@freifeld-2011; @taplitz-2018]:

            - **IDSA fever:** single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over 1 h. With ANC < 0.5 ×10⁹/L, or expected to fall below 0.5 within 48 h, this is febrile neutropenia: emergency assessment, cultures and empirical broad-spectrum antibiotics within 1 h.
            - **Fever with ANC < 1.0 ×10⁹/L (< 1000/µL):** treat as an emergency, as for febrile neutropenia (the count may be expected to fall below 0.5 within 48 h); do not defer to the scheduled repeat.
            - Rigors, hemodynamic instability, focal signs of serious infection, or oral ulceration with fever.
            - **ANC < 0.5 ×10⁹/L on repeat:** critical value (FHIR LL), CTCAE v5.0 grade 4 [@ctcae-v5].

            In an otherwise well adult at ANC 1.0 to < 1.5, fever carries far less risk than in chemotherapy-related neutropenia, but it still warrants prompt review and a repeat CBC [@gibson-berliner-2014].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "mild",
        "section": "monitoring",
        "audience": "",
        "title": "Keeping track over time",
        "body": _md(
            """
            If the repeat count is back within range, the dip was most likely temporary, often after a virus, and nothing more may be needed [@mithoowani-2022].

            If it stays mildly low but steady and you remain well, further counts spread over the following months show whether it is stable. A low count that lasts beyond about three months is described as chronic and usually leads to a wider search for a cause [@gibson-berliner-2014]. Treatment is seldom needed at this level; the purpose of monitoring is to spot a trend early.

            Checks are usually brought forward if:

            - the neutrophil count keeps falling
            - your hemoglobin or platelets start to drop as well
            - you have repeated or unusual infections

            Keeping copies of your results lets any clinician compare a new value with your usual one [@newburger-dale-2013].
            """
        ),
        "state": "submitted",
    },
    # -----------------------------------------------------------------------
    # Neutropenia, moderate (ANC 0.5 to < 1.0 ×10⁹/L)
    # -----------------------------------------------------------------------
    {
        "finding": "neutropenia",
        "severity": "moderate",
        "section": "meaning",
        "audience": "",
        "title": "What moderate neutropenia means",
        "body": _md(
            """
            Your absolute neutrophil count (ANC) is in the moderate neutropenia range: at least 0.5 but under 1.0 ×10⁹/L, or 500 to 999 cells/µL [@gibson-berliner-2014; @mithoowani-2022]. That is lower than a mild dip, though not yet the severe level at which serious infections become common.

            A moderate count can still be temporary, for instance after a virus or because of a medicine, and a single value is not a diagnosis. It does deserve a prompt repeat and a clear plan agreed with a clinician, rather than waiting for a routine appointment.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "moderate",
        "section": "infection_risk",
        "audience": "",
        "title": "Moderate neutropenia and your risk of infection",
        "body": _md(
            """
            Infection risk grows as the neutrophil count falls, so a count like yours carries more risk than a mild dip, although serious bacterial infections still cluster mainly below 0.5 ×10⁹/L [@newburger-dale-2013].

            The key rule at this level: **a fever with an ANC below 1.0 ×10⁹/L means seek care now**, because fever with a count expected to fall below 0.5 within 48 hours is treated as febrile neutropenia [@freifeld-2011]. Keep a thermometer at home, take your temperature by mouth whenever you feel unwell, and treat a fever as a reason to call, never a reason to wait.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "moderate",
        "section": "next_steps",
        "audience": "",
        "title": "After a moderately low neutrophil count",
        "body": _md(
            """
            For someone who feels well, a first moderate result is usually followed by [@mithoowani-2022; @gibson-berliner-2014]:

            1. A repeat blood count with a differential and a blood smear within 1 to 2 weeks, or sooner if your clinician prefers.
            2. A review of all your medicines and supplements, because some (including certain antibiotics, antithyroid drugs and clozapine) can lower neutrophils.
            3. Questions about recent illness, mouth ulcers, rashes, joint pain or weight loss.

            If the count stays below 1.0, keeps falling, or other blood counts are low as well, a hematology opinion is usually sought [@newburger-dale-2013].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "moderate",
        "section": "seek_care",
        "audience": "",
        "title": "When to get care straight away",
        "body": _md(
            """
            Seek care now, at an emergency department or through your clinician's urgent line, if you have:

            - a mouth temperature of 38.3 °C (101 °F) or more once, or 38.0 °C (100.4 °F) or more for an hour [@freifeld-2011]
            - shaking chills, breathlessness, confusion or a feeling that you might faint
            - mouth ulcers with a fever
            - a red, hot or painful patch of skin, or burning when passing urine
            - a repeat result below 0.5 ×10⁹/L (500/µL)

            Tell the staff that your neutrophil count is low. With a count under 1.0, any fever is handled as urgent.
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Neutropenia, severe (ANC < 0.5 ×10⁹/L)
    # -----------------------------------------------------------------------
    {
        "finding": "neutropenia",
        "severity": "severe",
        "section": "meaning",
        "audience": "",
        "title": "What severe neutropenia means",
        "body": _md(
            """
            Your absolute neutrophil count (ANC) is below 0.5 ×10⁹/L (under 500 cells/µL), which is severe neutropenia [@gibson-berliner-2014]. A value this low is a **critical result** that should reach a clinician quickly. Within the severe band, a count under 0.2 ×10⁹/L (200/µL) is called agranulocytosis, and one under 0.1 ×10⁹/L (100/µL) is called profound neutropenia [@mithoowani-2022].

            **Seek care now, even if you feel well and have no fever.** The cause needs to be found promptly, and your care team will want to plan how to protect you from infection.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "severe",
        "section": "infection_risk",
        "audience": "",
        "title": "Severe neutropenia and your risk of infection",
        "body": _md(
            """
            At this level the body has few defenses against bacteria, and the risk of serious infection is high. It rises further the closer the count gets to 0.1 ×10⁹/L and the longer it stays down [@newburger-dale-2013].

            Neutrophils produce much of the redness, swelling and pus of an infection, so with very few of them an infection may show little on the surface and a fever can be the only early clue. A fever at this level is febrile neutropenia, which is a medical emergency [@freifeld-2011].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "severe",
        "section": "next_steps",
        "audience": "",
        "title": "What needs to happen now",
        "body": _md(
            """
            - **Now:** contact your care team's urgent line or go to an emergency department, even without a fever, to share the result and agree a plan.
            - Expect a prompt repeat blood count with a smear and a review of every medicine you take. If a medicine could be responsible, your clinician may stop it; please do not stop a prescribed medicine on your own [@gibson-berliner-2014].
            - Expect a referral to a hematologist, especially if the cause is unclear or other blood counts are low [@newburger-dale-2013].
            - Until you are seen, keep a thermometer close by and check your temperature by mouth if you feel at all unwell.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "severe",
        "section": "seek_care",
        "audience": "",
        "title": "Get care now",
        "body": _md(
            """
            **Go to an emergency department now** if you have a fever (a mouth temperature of 38.3 °C once, or 38.0 °C or more for an hour), shaking chills, or you feel very unwell. With a count below 0.5 ×10⁹/L this is febrile neutropenia, which needs antibiotics quickly [@freifeld-2011; @taplitz-2018].

            Even with no symptoms at all, an ANC under 0.5 is a critical value. **Seek care now** through your care team's urgent line or an emergency department; do not wait for a routine appointment or a planned repeat test. Tell anyone who treats you that your neutrophil count is severely low.
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Leukopenia
    # -----------------------------------------------------------------------
    {
        "finding": "leukopenia",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a low white cell count means",
        "body": _md(
            """
            Your total white blood cell count (WBC) is below the lower limit of the range, which for adults is usually 4.5 ×10⁹/L [@merck-normal-lab-values]. This is called leukopenia. The total is made up of several kinds of white cell, and a low total usually reflects a drop in one or two of them, most often the neutrophils and sometimes the lymphocytes. The breakdown on your report (the differential) shows which.

            A mildly low WBC is often found by chance and is frequently temporary. A single value means little until it has been repeated.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "leukopenia",
        "severity": "",
        "section": "causes",
        "audience": "",
        "title": "Possible reasons for a low white cell count",
        "body": _md(
            """
            The reasons largely overlap with those for a low neutrophil count [@gibson-berliner-2014; @newburger-dale-2013]:

            - a recent viral infection
            - medicines, including some antibiotics, antithyroid drugs, clozapine and chemotherapy
            - low vitamin B12, folate or copper
            - autoimmune disease, such as lupus
            - Duffy-null status, confirmed only by a blood test; in healthy Duffy-null adults the WBC typically lies between 3.00 and 9.66 ×10⁹/L [@merz-2023]
            - bone-marrow disorders, which are less common and suspected mainly when hemoglobin or platelets are low as well
            """
        ),
        "state": "approved",
    },
    {
        "finding": "leukopenia",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your white cell count is low",
        "body": _md(
            """
            1. Look at the differential on your report to see which white cells are low. If the neutrophil count is low, the neutropenia guidance on this page applies as well.
            2. If you feel well, the blood count is usually repeated with a differential and a blood smear in 1 to 2 weeks [@mithoowani-2022].
            3. Go over your medicines and supplements with a clinician, and mention any recent illness or new symptoms.

            If the WBC stays low, keeps falling, or other counts drop too, further tests or a hematology opinion may follow [@gibson-berliner-2014].
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Febrile neutropenia
    # -----------------------------------------------------------------------
    {
        "finding": "febrile_neutropenia",
        "severity": "",
        "section": "infection_risk",
        "audience": "",
        "title": "Why this page uses 38.3 °C, or 38.0 °C for an hour",
        "body": _md(
            """
            We follow the fever definition of the Infectious Diseases Society of America (IDSA): a single mouth temperature of 38.3 °C (101 °F) or more, or 38.0 °C (100.4 °F) or more sustained over an hour [@freifeld-2011]. The joint ASCO/IDSA guideline on fever and neutropenia uses the same figures [@taplitz-2018].

            Some older sources, including a 2010 European guideline, drew the line at 38.5 °C; later European guidance also moved to 38.3 °C. We chose the current, lower threshold on purpose. With very few neutrophils an infection can spread quickly while showing little besides fever, and guidelines stress starting antibiotics early. Waiting for 38.5 °C could cost time, so we would rather prompt a call a little sooner.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "febrile_neutropenia",
        "severity": "",
        "section": "seek_care",
        "audience": "",
        "title": "This is an emergency: go now",
        "body": _md(
            """
            **This is a medical emergency. Go to an emergency department now**, or call emergency services if you are too unwell to travel safely.

            A fever (a mouth temperature of 38.3 °C or more once, or 38.0 °C or more lasting an hour) together with an ANC below 0.5 ×10⁹/L, or one expected to fall below that within 48 hours, is febrile neutropenia [@freifeld-2011]. Hospitals aim to start antibiotics within an hour of arrival [@taplitz-2018].

            When you arrive, **say straight away that you have a low neutrophil count** and a fever, and mention any recent chemotherapy. Do not wait for the fever to settle or for a repeat blood test.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "febrile_neutropenia",
        "severity": "",
        "section": "seek_care",
        "audience": "patient",
        "title": "Go to the emergency department now",
        "body": _md(
            """
            **This is an emergency. Go to the emergency department now.**

            You have a fever, and your neutrophil count is very low. Neutrophils fight germs. Without enough of them, an infection can get serious fast [@freifeld-2011].

            - Do not wait to see if the fever goes away.
            - Do not drive yourself if you feel weak or faint. Call an ambulance if you need to.
            - When you arrive, say: "I have a low neutrophil count and a fever."
            - Tell them if you have had chemotherapy, and when.

            You should get antibiotics quickly, usually within an hour [@taplitz-2018].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "febrile_neutropenia",
        "severity": "",
        "section": "seek_care",
        "audience": "professional",
        "title": "Febrile neutropenia: emergency management",
        "body": _md(
            """
            **Treat as a medical emergency.**

            - **Definition (IDSA):** single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over 1 h, with ANC < 0.5 ×10⁹/L (< 500/µL) or expected to fall below 0.5 within 48 h [@freifeld-2011].
            - **Antibiotics:** empirical broad-spectrum therapy within 1 h of triage, without waiting for results (ASCO/IDSA) [@taplitz-2018].
            - **Assessment:** hemodynamic status; focused search for a source (skin, oral mucosa, line sites), bearing in mind that inflammatory signs may be muted; blood cultures, CBC with differential and chemistry, then further tests as symptoms direct [@freifeld-2011].
            - **Risk stratification:** use a validated score such as MASCC to identify low-risk patients who may be candidates for oral or outpatient management [@taplitz-2018].

            Fever with ANC < 1.0 ×10⁹/L is handled with the same urgency: the count may be expected to fall below 0.5 within 48 h [@freifeld-2011].
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Fever with a low ANC (below 1.0 ×10⁹/L)
    # -----------------------------------------------------------------------
    {
        "finding": "fever_with_low_anc",
        "severity": "",
        "section": "seek_care",
        "audience": "",
        "title": "Fever with a low neutrophil count: seek care now",
        "body": _md(
            """
            **Seek care now.** A fever with an ANC below 1.0 ×10⁹/L (1000/µL) is treated as an emergency, whatever your other results show: a count this low may be expected to fall below 0.5 within 48 hours, and fever with such a count is febrile neutropenia [@freifeld-2011].

            - Go to an emergency department, or call your care team's urgent line if you can reach them straight away.
            - Say that you have a low neutrophil count and a fever.
            - Never wait to see whether the fever passes, and never hold on for a routine repeat test.

            Fever here means a mouth temperature of 38.3 °C (101 °F) or more once, or 38.0 °C (100.4 °F) or more lasting an hour [@freifeld-2011]. Hospitals aim to start antibiotics within an hour of arrival [@taplitz-2018].
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Other findings from a CBC
    # -----------------------------------------------------------------------
    {
        "finding": "anemia",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a low hemoglobin means",
        "body": _md(
            """
            Your hemoglobin is below the lower limit used for your sex. Typical adult ranges are about 14 to 17 g/dL for men and 12 to 16 g/dL for women, though each laboratory sets its own [@merck-normal-lab-values]. A low hemoglobin is called anemia: the blood carries less oxygen than usual, which can cause tiredness or breathlessness, or no symptoms at all when the drop is small. How far below the limit it sits, and the size of the red cells (MCV, usually 80 to 100 fL), help a clinician narrow down the cause.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "anemia",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your hemoglobin is low",
        "body": _md(
            """
            - A clinician will usually review the result, repeat the blood count and look at the red cell indices, with a blood smear if needed.
            - Depending on red cell size and your history, common tests include iron studies, vitamin B12 and folate.
            - Mention heavy periods, black or bloody stools, changes in diet and all your medicines.
            - A hemoglobin below 8.0 g/dL is CTCAE v5.0 grade 3 [@ctcae-v5]. Below 7 g/dL, the level at which guidelines for adults consider a transfusion, contact a clinician today [@carson-2023].
            - Seek care now for chest pain, fainting, severe breathlessness or signs of bleeding.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "thrombocytopenia",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a low platelet count means",
        "body": _md(
            """
            Your platelet count is below the lower limit, usually 150 ×10⁹/L (some laboratories use 140) [@merck-normal-lab-values]. Platelets help blood to clot. A mild drop rarely causes problems. The risk of bleeding rises once the count is below 50 ×10⁹/L, and below about 10 to 20 ×10⁹/L bleeding can start without any injury. A count under 20 ×10⁹/L is treated as a critical value. Now and then a low reading is a laboratory artefact caused by platelets clumping in the tube, which a repeat sample and a smear can reveal.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "thrombocytopenia",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your platelet count is low",
        "body": _md(
            """
            - The count is usually repeated with a blood smear to confirm that it is real.
            - Review your medicines and supplements with a clinician, including over-the-counter pain relievers and anything that thins the blood.
            - Below 50 ×10⁹/L, let any clinician or dentist know before a procedure.
            - Below 20 ×10⁹/L, contact a clinician the same day; a persistent or unexplained low count is usually referred to hematology.
            - Seek care now for bleeding that will not stop, blood in urine or stool, black stools, vomiting blood, a sudden severe headache, or many new tiny red-purple spots on the skin.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "lymphopenia",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a low lymphocyte count means",
        "body": _md(
            """
            Your absolute lymphocyte count is below the lower limit, roughly 1.0 ×10⁹/L for adults [@merck-normal-lab-values]. Lymphocytes are the white cells that make antibodies and help control viruses. A low count is common during or shortly after an infection, at times of physical stress and with steroid medicines, and it often recovers by itself. A mildly low value on its own is usually not a cause for alarm.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "lymphopenia",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your lymphocyte count is low",
        "body": _md(
            """
            - The count is usually repeated with a differential a few weeks later, once any recent illness has passed.
            - Review your medicines with a clinician, especially steroids or other drugs that dampen the immune system.
            - If the count stays low, or you have repeated or unusual infections, your clinician may look further, for example with an HIV test, and may ask a specialist's advice.
            - A lymphocyte count below 0.5 ×10⁹/L is CTCAE v5.0 grade 3 [@ctcae-v5]. A count that low, or one that stays low, is worth going over with a clinician soon.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "pancytopenia",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What low counts in all three cell lines mean",
        "body": _md(
            """
            Your white cells (or neutrophils), hemoglobin and platelets are all low at the same time. This combination is called pancytopenia. When every type of blood cell is reduced, the problem often lies where they are all made, in the bone marrow, so a **marrow disorder has to be considered**. Vitamin B12 or folate deficiency, some medicines, infections and an enlarged spleen can also produce it [@gibson-berliner-2014; @newburger-dale-2013]. It needs prompt medical attention rather than a routine wait.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "pancytopenia",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "What needs to happen next",
        "body": _md(
            """
            - **See a clinician promptly**, within days rather than weeks. A prompt referral to a hematologist is the usual course.
            - Expect a repeat blood count with a smear, vitamin B12 and folate levels, a review of your medicines and, often, a bone-marrow examination [@newburger-dale-2013].
            - Seek care now for a fever (38.3 °C once, or 38.0 °C for an hour), bleeding or many new bruises, chest pain or breathlessness [@freifeld-2011].
            """
        ),
        "state": "approved",
    },
    {
        "finding": "leukocytosis",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a high white cell count means",
        "body": _md(
            """
            Your total white blood cell count is above the upper limit, typically 11.0 ×10⁹/L for adults [@merck-normal-lab-values]. This is called leukocytosis. Most often it is the body's normal response to an infection, inflammation, physical stress or certain medicines such as steroids, and smoking can raise it too. The differential shows which kind of white cell has increased, and that is the key to what the rise means.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "leukocytosis",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your white cell count is high",
        "body": _md(
            """
            - Check the differential to see which cells account for the rise.
            - After a recent infection, a clinician may simply repeat the count once you have recovered.
            - Mention your medicines, especially steroids, and any fever, night sweats, weight loss or bone pain.
            - A very high count, abnormal cells on a smear, or other counts that are also abnormal call for prompt review and usually a hematology referral.
            - Seek care now if you have a fever and feel very unwell, confused or breathless.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutrophilia",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a high neutrophil count means",
        "body": _md(
            """
            Your absolute neutrophil count is above 7.7 ×10⁹/L, the usual adult upper limit [@merck-normal-lab-values]. This is called neutrophilia. Neutrophils rise quickly in response to bacterial infection, inflammation, injury, surgery, hard exercise or stress, and with steroid medicines and smoking. Most raised counts are a reaction of this kind and settle once the trigger has passed.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutrophilia",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your neutrophil count is high",
        "body": _md(
            """
            - Think about obvious triggers: a current infection, recent surgery or injury, steroid treatment or smoking.
            - The count is usually repeated once any acute illness has resolved, with a blood smear if it stays high.
            - A raised count that persists without a clear reason, immature cells on the smear, or abnormal red cells or platelets should lead to a hematology opinion.
            - Seek care now for a fever with chills, confusion or breathlessness.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "thrombocytosis",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "What a high platelet count means",
        "body": _md(
            """
            Your platelet count is above 450 ×10⁹/L, the usual adult upper limit [@merck-normal-lab-values]. This is called thrombocytosis. It is usually reactive, meaning the marrow is responding to something else: iron deficiency, infection, inflammation, recent surgery or blood loss are common triggers. Less often, a bone-marrow condition that makes too many platelets is the cause.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "thrombocytosis",
        "severity": "",
        "section": "next_steps",
        "audience": "",
        "title": "If your platelet count is high",
        "body": _md(
            """
            - The count is usually repeated a few weeks later, once any infection or inflammation has settled.
            - A clinician will often check iron levels and markers of inflammation.
            - If the count stays high with no clear cause, referral to a hematologist is usual.
            - Seek care now for signs of a clot, such as a painful swollen leg, chest pain, sudden breathlessness, or weakness or numbness on one side of the body.
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Nothing abnormal
    # -----------------------------------------------------------------------
    {
        "finding": "normal",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "Your values are within the ranges used",
        "body": _md(
            """
            Every value you entered lies within the reference range used, so nothing is flagged. That is reassuring. Two points are worth keeping in mind. Ranges differ between laboratories, so the range printed on your own report is the one that counts [@merck-normal-lab-values]. And a single normal blood count shows one day only: it does not rule out every condition, so new or lasting symptoms still deserve a conversation with a clinician.
            """
        ),
        "state": "approved",
    },
    # -----------------------------------------------------------------------
    # Duffy-null range in use
    # -----------------------------------------------------------------------
    {
        "finding": "duffy_null",
        "severity": "",
        "section": "meaning",
        "audience": "",
        "title": "About the Duffy-null range used for your result",
        "body": _md(
            """
            Because you told us that a blood test has shown you are Duffy-null, the lower limits of your neutrophil and white cell counts come from ranges measured in healthy Duffy-null adults: **ANC 1.21 to 5.39 ×10⁹/L** and **WBC 3.00 to 9.66 ×10⁹/L** [@merz-2023]. Only the lower limits change: a count within the general adult range is never called high because you are Duffy-null.

            Duffy-null status is an inherited blood-group pattern, common in people of African ancestry, that comes with a naturally lower neutrophil count and no added risk of infection [@merz-2023-blood-adv]. The preferred name for this is Duffy-null associated neutrophil count, which replaces the older label "benign ethnic neutropenia" [@hibbs-2025].

            These ranges apply only when the status is known from a blood test; it is never inferred from ancestry or race. A count below even these ranges is assessed in the usual way.
            """
        ),
        "state": "approved",
    },
]

# ---------------------------------------------------------------------------
# Headlines: the page's title, in the reader's wording (the title is the phrase)
# ---------------------------------------------------------------------------

_HEADLINES = {
    # key: {severity: (default, patient, professional)}
    "neutropenia": {
        "": (
            "Neutropenia",
            "Your neutrophil count is low",
            "Neutropenia (ANC below 1.5 ×10⁹/L)",
        ),
        "mild": (
            "Mild neutropenia",
            "Your neutrophil count is a little low",
            "Mild neutropenia (ANC 1.0 to < 1.5 ×10⁹/L)",
        ),
        "moderate": (
            "Moderate neutropenia",
            "Your neutrophil count is low",
            "Moderate neutropenia (ANC 0.5 to < 1.0 ×10⁹/L)",
        ),
        "severe": (
            "Severe neutropenia",
            "Your neutrophil count is very low",
            "Severe neutropenia (ANC < 0.5 ×10⁹/L)",
        ),
    },
    "leukopenia": {
        "": ("Leukopenia", "Your white cell count is low", "Leukopenia"),
        "mild": ("Mild leukopenia", "Your white cell count is a little low", "Mild leukopenia"),
        "moderate": ("Moderate leukopenia", "Your white cell count is low", "Moderate leukopenia"),
        "severe": ("Severe leukopenia", "Your white cell count is very low", "Severe leukopenia"),
    },
    "leukopenia_with_neutropenia": {
        "": (
            "Leukopenia with neutropenia",
            "Your white cell and neutrophil counts are low",
            "Leukopenia with neutropenia",
        ),
        "mild": (
            "Mild leukopenia with mild neutropenia",
            "Your white cell and neutrophil counts are a little low",
            "Mild leukopenia with mild neutropenia",
        ),
        "moderate": (
            "Moderate leukopenia with moderate neutropenia",
            "Your white cell and neutrophil counts are low",
            "Moderate leukopenia with moderate neutropenia",
        ),
        "severe": (
            "Severe leukopenia with severe neutropenia",
            "Your white cell and neutrophil counts are very low",
            "Severe leukopenia with severe neutropenia",
        ),
    },
    "lymphopenia": {
        "": ("Lymphopenia", "Your lymphocyte count is low", "Lymphopenia"),
        "mild": ("Mild lymphopenia", "Your lymphocyte count is a little low", "Mild lymphopenia"),
    },
    "anemia": {
        "": ("Anemia", "Your hemoglobin is low", "Anemia"),
        "mild": ("Mild anemia", "Your hemoglobin is a little low", "Mild anemia"),
        "severe": ("Severe anemia", "Your hemoglobin is very low", "Severe anemia"),
    },
    "thrombocytopenia": {
        "": ("Thrombocytopenia", "Your platelet count is low", "Thrombocytopenia"),
        "mild": (
            "Mild thrombocytopenia",
            "Your platelet count is a little low",
            "Mild thrombocytopenia",
        ),
        "severe": (
            "Severe thrombocytopenia",
            "Your platelet count is very low",
            "Severe thrombocytopenia",
        ),
    },
    "pancytopenia": {
        "": (
            "Pancytopenia: low white cells, hemoglobin and platelets",
            "Your white cells, hemoglobin and platelets are all low",
            "Pancytopenia",
        ),
    },
    "leukocytosis": {
        "": ("Leukocytosis", "Your white cell count is high", "Leukocytosis"),
    },
    "neutrophilia": {
        "": ("Neutrophilia", "Your neutrophil count is high", "Neutrophilia"),
    },
    "thrombocytosis": {
        "": ("Thrombocytosis", "Your platelet count is high", "Thrombocytosis"),
    },
    "normal": {
        "": (
            "Your values are within the usual ranges",
            "Your numbers are within the usual ranges",
            "All values within the ranges used",
        ),
    },
    "flagged": {
        "": (
            "Some of your values are outside the range used",
            "Some of your numbers are outside the usual range",
            "Values outside the range used, without a finding",
        ),
    },
    "fever": {
        "": ("You have a fever", "You have a fever", "Fever"),
    },
}

GUIDANCE += [
    _title(key, "headline", title, audience, severity)
    for key, by_severity in _HEADLINES.items()
    for severity, titles in by_severity.items()
    for audience, title in zip(("", "patient", "professional"), titles, strict=True)
    if audience == "" or title != titles[0]  # an audience's own wording only where it differs
]

# ---------------------------------------------------------------------------
# Section headings of the page
# ---------------------------------------------------------------------------

GUIDANCE += [
    _title("page", "meaning", "What this means"),
    _title("page", "infection_risk", "Infection risk"),
    _title("page", "causes", "Possible causes"),
    _title("page", "next_steps", "What happens next"),
    _title("page", "seek_care", "When to seek care now"),
    _title("page", "monitoring", "Keeping track"),
    _title("page", "findings", "What we found"),
    _title("page", "values", "Your numbers"),
    _title("page", "findings", "Findings", "professional"),
    _title("page", "values", "Values and ranges", "professional"),
    _title("page", "meaning", "Interpretation", "professional"),
    _title("page", "causes", "Differential diagnosis", "professional"),
    _title("page", "next_steps", "Work-up", "professional"),
    _title("page", "seek_care", "Escalation", "professional"),
]

# ---------------------------------------------------------------------------
# The one instruction per level
# ---------------------------------------------------------------------------

GUIDANCE += [
    _text(
        "instruction.emergency",
        "instruction",
        "Seek care now",
        """
        Go to an emergency department now, or call your care team's 24-hour line if you have one and can reach it straight away. If you feel very unwell or faint, call an ambulance rather than driving yourself.

        Do not wait to see whether things settle, and do not wait for a repeat blood test. Take your results with you.
        """,
    ),
    _text(
        "instruction.emergency",
        "instruction",
        "Get help now",
        """
        Go to the emergency department now. Or call your care team's 24-hour number if you have one.

        If you feel very ill or faint, call an ambulance. Do not drive yourself.

        Do not wait to see if you get better. Take your results with you.
        """,
        "patient",
    ),
    _text(
        "instruction.emergency",
        "instruction",
        "Emergency assessment now",
        """
        Arrange emergency assessment now. Do not defer to a routine repeat count.
        """,
        "professional",
    ),
    _text(
        "instruction.same_day",
        "instruction",
        "Contact a clinician today",
        """
        Call your doctor or care team today and tell them the result named below. If you cannot reach anyone today, go to an urgent care centre.

        If you are bleeding, or feel faint, breathless or very unwell, do not wait for a call back: go to an emergency department.
        """,
    ),
    _text(
        "instruction.same_day",
        "instruction",
        "Call a doctor today",
        """
        Call your doctor or care team today. Tell them the result named below.

        If you cannot reach anyone today, go to an urgent care centre.

        If you are bleeding, or feel faint, short of breath or very ill, do not wait. Go to the emergency department.
        """,
        "patient",
    ),
    _text(
        "instruction.same_day",
        "instruction",
        "Same-day clinical review",
        """
        Arrange clinical review today for the critical value named below.
        """,
        "professional",
    ),
    _text(
        "instruction.non_urgent",
        "instruction",
        "A fever: when to get care",
        """
        With these results, your fever does not by itself need emergency care. Get medical advice about it, and **seek care now** if you have shaking chills, feel faint, confused or breathless, have mouth ulcers with the fever, or feel very unwell [@freifeld-2011].

        If you are having anticancer treatment, or had it in the last six weeks, call your care team's 24-hour line for any fever [@nice-cg151].
        """,
    ),
    _text(
        "instruction.non_urgent",
        "instruction",
        "You have a fever: when to get help",
        """
        Your blood counts do not make this fever an emergency. Ask a doctor or nurse about it.

        **Get help now** if you:

        - have shaking chills
        - feel faint, confused or short of breath
        - have mouth sores and a fever
        - feel very ill

        Having cancer treatment, or had it in the last six weeks? Call your care team's 24-hour number for any fever [@nice-cg151].
        """,
        "patient",
    ),
]

# ---------------------------------------------------------------------------
# Alerts: what triggered the instruction, naming the value
# ---------------------------------------------------------------------------

GUIDANCE += [
    _text(
        "febrile_neutropenia",
        "alert",
        "Fever with a very low neutrophil count",
        """
        You have a fever, and your neutrophil count is below 0.5 ×10⁹/L (500 cells/µL). This is febrile neutropenia. With so few neutrophils an infection can become serious within hours, and hospitals aim to give antibiotics within an hour [@freifeld-2011; @taplitz-2018].
        """,
    ),
    _text(
        "febrile_neutropenia",
        "alert",
        "Fever and a very low neutrophil count",
        """
        You have a fever. Your neutrophil count is very low. Neutrophils fight germs. Without enough of them, an infection can get serious fast [@freifeld-2011].
        """,
        "patient",
    ),
    _text(
        "fever_with_low_anc",
        "alert",
        "Fever with a low neutrophil count",
        """
        You have a fever, and your neutrophil count is below 1.0 ×10⁹/L (1000 cells/µL). A count this low may be expected to fall below 0.5 within 48 hours, and a fever with such a count is treated as febrile neutropenia [@freifeld-2011].
        """,
    ),
    _text(
        "fever_during_anticancer_treatment",
        "alert",
        "Fever during anticancer treatment",
        """
        You have a fever and you are having anticancer treatment, or had it recently. Treatment can lower the neutrophil count in the days after each cycle, so an earlier count cannot rule out a very low one now. Any fever in this situation is treated as possible febrile neutropenia, whatever your counts show [@freifeld-2011; @nice-cg151].
        """,
    ),
    _text(
        "fever_during_anticancer_treatment",
        "alert",
        "Fever during cancer treatment",
        """
        You have a fever and you are having cancer treatment, or had it recently. Treatment can make your neutrophil count drop fast. So any fever counts as an emergency, even if your last blood test looked fine [@nice-cg151].
        """,
        "patient",
    ),
    _text(
        "fever_with_low_wbc_no_anc",
        "alert",
        "Fever with a low white cell count",
        """
        You have a fever and your white cell count is low, but we do not have your neutrophil count. Neutrophils are part of the white cell count, so with a low white count they could be below 0.5 ×10⁹/L, and without the count that cannot be ruled out [@freifeld-2011].
        """,
    ),
    _text(
        "fever",
        "alert",
        "A fever",
        """
        Your temperature meets the definition of a fever: 38.3 °C (101 °F) or more once, or 38.0 °C (100.4 °F) or more for an hour [@freifeld-2011]. None of the counts you entered is low in the way that makes a fever an emergency.
        """,
    ),
    _text(
        "critical_value.ANC.low",
        "alert",
        "A very low neutrophil count",
        """
        Your neutrophil count is below 0.5 ×10⁹/L (500 cells/µL): severe neutropenia. With so few neutrophils the risk of a serious infection is high, even before any fever [@gibson-berliner-2014; @newburger-dale-2013].
        """,
    ),
    _text(
        "critical_value.PLT.low",
        "alert",
        "A very low platelet count",
        """
        Your platelet count is below 20 ×10⁹/L. Platelets help blood to clot, and below about 10 to 20 ×10⁹/L bleeding can start without any injury.
        """,
    ),
    _text(
        "critical_value.HGB.low",
        "alert",
        "A very low hemoglobin",
        """
        Your hemoglobin is below 7 g/dL. This is the level at which guidelines for adults consider a blood transfusion, so it needs a medical assessment today [@carson-2023].
        """,
    ),
    _text(
        "critical_value.WBC.high",
        "alert",
        "A very high white cell count",
        """
        Your white cell count is above 100 ×10⁹/L. A count this high can slow the blood in small vessels (leukostasis) and is treated as an emergency [@ganzel-2012].
        """,
    ),
]

# ---------------------------------------------------------------------------
# Why a result is declined
# ---------------------------------------------------------------------------

GUIDANCE += [
    _text(
        "declined.age",
        "declined",
        "We cannot interpret results for someone under 18",
        """
        Children and teenagers have ranges that change with age, and this tool uses adult ranges only. Please go through the results with the child's care team. Any alert shown above still applies.
        """,
    ),
    _text(
        "declined.pregnancy",
        "declined",
        "We cannot interpret results during pregnancy",
        """
        Blood counts change during pregnancy, and this tool does not use pregnancy ranges. Please go through the results with your midwife or doctor. Any alert shown above still applies.
        """,
    ),
    _text(
        "declined.anticancer_treatment",
        "declined",
        "During anticancer treatment we show the grades only",
        """
        Counts are expected to change with anticancer treatment, and your care team knows your treatment plan, so we do not interpret these results. We show the CTCAE grades, which your team uses [@ctcae-v5], and any alert.

        Call your care team's 24-hour line straight away for any fever [@nice-cg151].
        """,
    ),
]

# ---------------------------------------------------------------------------
# Values outside the range used without a finding
# ---------------------------------------------------------------------------

GUIDANCE += [
    _text(
        "flagged",
        "meaning",
        "Outside the range, but not a finding",
        """
        A value marked low or high lies outside the range used for you, but not far enough to count as a finding such as neutropenia. Each laboratory sets its own range, so the one on your report is the one that counts [@merck-normal-lab-values]. A single value means little without a repeat [@mithoowani-2022].
        """,
    ),
]

# Why a block's wording changed since the demo first loaded it (by slot: key, severity,
# section, audience). seed_demo gives the reason with the corrected revision.
_SAME_DAY_TO_NOW = (
    "Says 'seek care now' where a fever with a low neutrophil count or an ANC below 0.5 "
    "is an emergency, never 'the same day', so no page says 'today' beside 'now'."
)
_FAHRENHEIT = "Gives the IDSA fever figure in Fahrenheit as 101 °F, as the clinical facts say."
_CTCAE = (
    "CTCAE gives grades, not advice: the advice is now cited to its own source, and CTCAE "
    "only for the grade."
)
_OWN_TITLE = (
    "Gives the block a title of its own, so a page showing several next steps never "
    "repeats 'What usually happens next'."
)
CHANGE_REASONS = {
    **dict.fromkeys(
        [
            ("neutropenia", "mild", "next_steps", ""),
            ("neutropenia", "moderate", "next_steps", ""),
            ("neutropenia", "mild", "next_steps", "patient"),
            ("leukopenia", "", "next_steps", ""),
            ("anemia", "", "next_steps", ""),
            ("thrombocytopenia", "", "next_steps", ""),
            ("lymphopenia", "", "next_steps", ""),
            ("leukocytosis", "", "next_steps", ""),
            ("neutrophilia", "", "next_steps", ""),
            ("thrombocytosis", "", "next_steps", ""),
        ],
        _OWN_TITLE,
    ),
    ("neutropenia", "mild", "seek_care", ""): _SAME_DAY_TO_NOW + " " + _FAHRENHEIT,
    ("neutropenia", "mild", "seek_care", "patient"): _FAHRENHEIT,
    ("neutropenia", "mild", "seek_care", "professional"): _SAME_DAY_TO_NOW,
    ("neutropenia", "moderate", "infection_risk", ""): _SAME_DAY_TO_NOW + " " + _CTCAE,
    ("neutropenia", "moderate", "seek_care", ""): _FAHRENHEIT,
    ("neutropenia", "severe", "meaning", ""): _SAME_DAY_TO_NOW,
    ("neutropenia", "severe", "next_steps", ""): _SAME_DAY_TO_NOW,
    ("neutropenia", "severe", "seek_care", ""): _SAME_DAY_TO_NOW,
    ("leukopenia", "", "causes", ""): (
        "The Duffy-null WBC range (3.00 to 9.66 ×10⁹/L) is cited to Merz et al., JAMA 2023, "
        "where it comes from, not to Hibbs 2025."
    ),
    ("febrile_neutropenia", "", "infection_risk", ""): _FAHRENHEIT,
    ("febrile_neutropenia", "", "seek_care", "professional"): _CTCAE,
    ("fever_with_low_anc", "", "seek_care", ""): _SAME_DAY_TO_NOW
    + " "
    + _CTCAE
    + " "
    + _FAHRENHEIT,
    ("anemia", "", "next_steps", ""): _CTCAE + " " + _OWN_TITLE,
    ("lymphopenia", "", "next_steps", ""): _CTCAE + " " + _OWN_TITLE,
    ("duffy_null", "", "meaning", ""): (
        "Cites both Duffy-null ranges to Merz et al., JAMA 2023, and says that only their "
        "lower limits are used."
    ),
}
