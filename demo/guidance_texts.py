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

``state`` is "approved" or "submitted" (submitted = pending board review; the
page shows a caution banner).
"""

from textwrap import dedent


def _md(text: str) -> str:
    """Strip the indentation of a triple-quoted Markdown block."""
    return dedent(text).strip() + "\n"


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
        "title": "What usually happens next",
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
        "title": "What happens next",
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

            - a temperature taken by mouth of **38.3 °C (100.9 °F) or more** on a single reading, or **38.0 °C (100.4 °F) or more** lasting an hour
            - shaking chills
            - signs of a serious infection, such as breathlessness, confusion, a hot and painful patch of skin, or burning when passing urine
            - mouth ulcers together with a fever
            - a repeat test showing an ANC below 0.5 ×10⁹/L (500/µL)

            If your neutrophil count is ever below 1.0 ×10⁹/L, a fever needs urgent assessment the same day. In every case, do not wait to see whether a fever settles by itself [@taplitz-2018].
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
            - your temperature is 38.3 °C (100.9 °F) or higher, even once
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
            Escalate the same day for any of these [@freifeld-2011; @taplitz-2018]:

            - **IDSA fever:** single oral temperature ≥ 38.3 °C, or ≥ 38.0 °C sustained over 1 h. With ANC < 0.5 ×10⁹/L, or expected to fall below 0.5 within 48 h, this is febrile neutropenia: emergency assessment, cultures and empirical broad-spectrum antibiotics within 1 h.
            - **Fever with ANC < 1.0 ×10⁹/L (< 1000/µL):** urgent same-day evaluation; do not defer to the scheduled repeat.
            - Rigors, hemodynamic instability, focal signs of serious infection, or oral ulceration with fever.
            - **ANC < 0.5 ×10⁹/L on repeat:** critical value (FHIR LL), CTCAE v5.0 grade 4 [@ctcae-v5].

            In an otherwise well adult at ANC 1.0 to < 1.5, fever carries far less risk than in chemotherapy-related neutropenia, but it still warrants same-day review and a repeat CBC [@gibson-berliner-2014].
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

            The key rule at this level: **a fever with an ANC below 1.0 ×10⁹/L needs urgent assessment the same day** [@freifeld-2011; @ctcae-v5]. Keep a thermometer at home, take your temperature by mouth whenever you feel unwell, and treat a fever as a reason to call, never a reason to wait.
            """
        ),
        "state": "approved",
    },
    {
        "finding": "neutropenia",
        "severity": "moderate",
        "section": "next_steps",
        "audience": "",
        "title": "What usually happens next",
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

            - a mouth temperature of 38.3 °C (100.9 °F) or more once, or 38.0 °C (100.4 °F) or more for an hour [@freifeld-2011]
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

            **Please contact a clinician today, even if you feel well and have no fever.** The cause needs to be found promptly, and your care team will want to plan how to protect you from infection.
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
            - **Today:** contact a clinician or your care team the same day, even without a fever, to share the result and agree a plan.
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
        "title": "Get care today, and at once with a fever",
        "body": _md(
            """
            **Go to an emergency department now** if you have a fever (a mouth temperature of 38.3 °C once, or 38.0 °C or more for an hour), shaking chills, or you feel very unwell. With a count below 0.5 ×10⁹/L this is febrile neutropenia, which needs antibiotics quickly [@freifeld-2011; @taplitz-2018].

            Even with no symptoms at all, an ANC under 0.5 is a critical value. **Contact a clinician the same day**; do not wait for a routine appointment or a planned repeat test. Tell anyone who treats you that your neutrophil count is severely low.
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
            - Duffy-null status, confirmed only by a blood test; in healthy Duffy-null adults the WBC typically lies between 3.00 and 9.66 ×10⁹/L [@merz-2023; @hibbs-2025]
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
        "title": "What usually happens next",
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
            We follow the fever definition of the Infectious Diseases Society of America (IDSA): a single mouth temperature of 38.3 °C (100.9 °F) or more, or 38.0 °C (100.4 °F) or more sustained over an hour [@freifeld-2011]. The joint ASCO/IDSA guideline on fever and neutropenia uses the same figures [@taplitz-2018].

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

            CTCAE v5.0 grades febrile neutropenia at ANC < 1.0 ×10⁹/L [@ctcae-v5]; fever at that level warrants the same urgency.
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
            **Seek care now.** A fever with an ANC below 1.0 ×10⁹/L (1000/µL) needs urgent assessment the same day, whatever your other results show [@ctcae-v5].

            - Call your clinician's urgent line, or go to an emergency department if you cannot reach them quickly.
            - Say that you have a low neutrophil count and a fever.
            - Never wait to see whether the fever passes, and never hold on for a routine repeat test.

            Fever here means a mouth temperature of 38.3 °C (100.9 °F) or more once, or 38.0 °C (100.4 °F) or more lasting an hour [@freifeld-2011]. If your count is below 0.5, this is febrile neutropenia, an emergency [@taplitz-2018].
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
        "title": "What usually happens next",
        "body": _md(
            """
            - A clinician will usually review the result, repeat the blood count and look at the red cell indices, with a blood smear if needed.
            - Depending on red cell size and your history, common tests include iron studies, vitamin B12 and folate.
            - Mention heavy periods, black or bloody stools, changes in diet and all your medicines.
            - A hemoglobin below 8.0 g/dL (CTCAE v5.0 grade 3) calls for prompt review [@ctcae-v5].
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
        "title": "What usually happens next",
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
        "title": "What usually happens next",
        "body": _md(
            """
            - The count is usually repeated with a differential a few weeks later, once any recent illness has passed.
            - Review your medicines with a clinician, especially steroids or other drugs that dampen the immune system.
            - If the count stays low, or you have repeated or unusual infections, your clinician may look further, for example with an HIV test, and may ask a specialist's advice.
            - CTCAE v5.0 classes a lymphocyte count below 0.5 ×10⁹/L as grade 3 [@ctcae-v5]; a count that low warrants prompt review.
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
        "title": "What usually happens next",
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
        "title": "What usually happens next",
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
        "title": "What usually happens next",
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
            Because you told us that a blood test has shown you are Duffy-null, your counts were compared with ranges measured in healthy Duffy-null adults: **ANC 1.21 to 5.39 ×10⁹/L** and **WBC 3.00 to 9.66 ×10⁹/L** [@merz-2023; @hibbs-2025].

            Duffy-null status is an inherited blood-group pattern, common in people of African ancestry, that comes with a naturally lower neutrophil count and no added risk of infection [@merz-2023-blood-adv]. The preferred name for this is Duffy-null associated neutrophil count, which replaces the older label "benign ethnic neutropenia" [@hibbs-2025].

            These ranges apply only when the status is known from a blood test; it is never inferred from ancestry or race. A count below even these ranges is assessed in the usual way.
            """
        ),
        "state": "approved",
    },
]
