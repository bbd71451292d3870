"""The example site's articles, written for the demo in the layout publishers use.

Plain data, so ``load_demo_content`` stays a loader and the copy can be edited without touching
code. The health statements are general information in a cautious register, as a real publisher's
would be; they are not medical advice.
"""

# The NIH's tolerable upper intake level for magnesium from supplements, adults.
MAGNESIUM_UPPER_LIMIT = {
    "upper_limit": "350",
    "upper_limit_unit": "mg",
    "upper_limit_source": "NIH Office of Dietary Supplements",
}
NIH_MAGNESIUM = {
    "authors": "NIH Office of Dietary Supplements",
    "title": "Magnesium: Fact Sheet for Health Professionals",
    "publication": "ods.od.nih.gov",
    "year": 2022,
    "url": "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/",
}

# Invented people for the demo site.
CONTRIBUTORS = [
    {"name": "Dana Whitfield", "credentials": "RD", "profile_url": ""},
    {"name": "Samuel Okafor", "credentials": "MD", "profile_url": ""},
]

SUPPLEMENTS = [
    {
        **MAGNESIUM_UPPER_LIMIT,
        "name": "Magnesium Glycinate",
        "description": (
            "Magnesium bound to the amino acid glycine. Gentle on the stomach and a common "
            "choice for evening use."
        ),
    },
    {
        **MAGNESIUM_UPPER_LIMIT,
        "name": "Magnesium Bisglycinate",
        "description": (
            "Magnesium bound to two glycine molecules, sold as a fully chelated form that is "
            "absorbed well and rarely loosens the bowels."
        ),
    },
    {
        **MAGNESIUM_UPPER_LIMIT,
        "name": "Magnesium Citrate",
        "description": (
            "Magnesium paired with citric acid. Dissolves easily and is well absorbed; in larger "
            "amounts it acts as a mild laxative."
        ),
    },
]

CONDITIONS = [
    {
        "name": "Fibromyalgia",
        "description": (
            "Long-lasting, widespread pain with tiredness, poor sleep and trouble concentrating."
        ),
    },
    {
        "name": "Muscle Cramps",
        "description": "Sudden, painful tightening of a muscle, often in the calf and at night.",
    },
    {
        "name": "Sleep Problems",
        "description": "Trouble falling asleep, staying asleep, or waking up rested.",
    },
    {
        "name": "Migraine",
        "description": "Recurring headaches, often one-sided, with nausea or sensitivity to light.",
    },
]

CALLS_TO_ACTION = [
    {
        "label": "Default: talk to a professional",
        "heading": "Thinking of trying a supplement?",
        "text": (
            "Bring this page to your doctor or pharmacist. They know your medicines and your "
            "kidneys, which matter more than any article."
        ),
        "button_label": "Browse all articles",
        "button_url": "/articles/",
        "is_default": True,
        "conditions": [],
    },
    {
        "label": "Fibromyalgia: symptom diary",
        "heading": "Track what changes",
        "text": (
            "Pain with fibromyalgia rises and falls on its own. Score your pain, sleep and energy "
            "each evening for **four weeks** before and after you start, so you can tell a real "
            "effect from a good month."
        ),
        "button_label": "More on fibromyalgia",
        "button_url": "/articles/conditions/fibromyalgia/",
        "is_default": False,
        "conditions": ["Fibromyalgia"],
    },
    {
        "label": "Cramps: stretching routine",
        "heading": "Pair it with a stretch",
        "text": (
            "A minute of calf stretching before bed helps many people as much as any pill. Our "
            "cramp articles show how."
        ),
        "button_label": "Read about cramps",
        "button_url": "/articles/conditions/muscle-cramps/",
        "is_default": False,
        "conditions": ["Muscle Cramps"],
    },
]

ARTICLES = [
    {
        "slug": "magnesium-glycinate-for-fibromyalgia",
        "title": "Magnesium Glycinate and Fibromyalgia: What It May Do for You",
        "seo_title": "Magnesium Glycinate for Fibromyalgia: Benefits, Evidence and Dosage",
        "summary": (
            "How magnesium glycinate works, what it may do for fibromyalgia pain, sleep and "
            "fatigue, and how much people usually take."
        ),
        "intro": (
            "Living with fibromyalgia often means collecting advice: exercise, sleep routines, "
            "medicines, and a long list of supplements. Magnesium comes up in almost every "
            "conversation, and one form in particular, magnesium glycinate, is the one people "
            "tend to stay with.\n\n"
            "This article explains what that form is, why people with fibromyalgia try it, what "
            "the research can and cannot tell us yet, and how to take it sensibly."
        ),
        "body": (
            "## What is Magnesium Glycinate?\n\n"
            "Magnesium glycinate is magnesium attached to glycine, a small amino acid the body "
            "also makes itself. The pairing matters for two reasons. It is absorbed steadily "
            "rather than all at once, and it is far less likely to upset the gut than cheaper "
            "forms such as magnesium oxide.\n\n"
            "Glycine has a calming role of its own in the nervous system, which is one reason "
            "this form is often taken in the evening.\n\n"
            "## Why magnesium matters in fibromyalgia\n\n"
            "Magnesium helps muscles relax after they contract and keeps nerve signals in "
            "proportion. Several small studies have found lower magnesium levels in people with "
            "fibromyalgia than in people without it, although blood tests are a poor guide to "
            "what muscles actually hold [ref:1].\n\n"
            "None of this makes magnesium a treatment for the condition. It does make it a "
            "reasonable thing to check, and for some people a reasonable thing to try.\n\n"
            "## How Does Magnesium Glycinate Help with Fibromyalgia?\n\n"
            "People who find it useful usually describe changes in four areas:"
        ),
        "benefits": [
            (
                "Less muscle pain",
                "Magnesium lets muscle fibres release after tension. Some people notice fewer "
                "tender, knotted areas after several weeks.",
            ),
            (
                "Deeper sleep",
                "Unrefreshing sleep is one of the hardest parts of fibromyalgia. Taken in the "
                "evening, magnesium glycinate may make it easier to settle and stay asleep.",
            ),
            (
                "Steadier energy",
                "Magnesium is needed to turn food into usable energy in every cell. Correcting a "
                "shortfall can ease part of the heavy tiredness people describe.",
            ),
            (
                "A calmer nervous system",
                "By damping over-excited nerve signalling, magnesium may take the edge off the "
                "heightened pain sensitivity that defines the condition.",
            ),
        ],
        "additional_benefits_heading": "Other reasons people keep taking it",
        "additional_benefits_intro": "Beyond fibromyalgia itself, readers often mention:",
        "additional_benefits": [
            ("Fewer headaches", "Low magnesium is linked with tension headaches and migraine."),
            ("Easier digestion", "Unlike some forms, glycinate rarely causes loose stools."),
            ("Less restlessness", "A settled body at night makes the whole next day easier."),
        ],
        "dosage_heading": "How to take magnesium glycinate",
        "dose_min": "200",
        "dose_max": "350",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": (
            "The amount refers to elemental magnesium, which labels list separately from the "
            "weight of the whole compound. Start at the low end, in the evening or split between "
            "two meals, and give it **six to eight weeks** before judging.\n\n"
            "Ask your doctor first if you have kidney disease or take antibiotics, "
            "bisphosphonates or blood pressure medicines: magnesium interacts with all of them."
        ),
        "conclusion": (
            "Magnesium glycinate will not cure fibromyalgia, and the research is still thin. It "
            "is, however, inexpensive, well tolerated and plausible, and many people find it "
            "helps with pain and sleep. Treat it as one part of a wider plan, and agree on it "
            "with the professional who knows your health."
        ),
        "call_to_action": None,
        "conditions": ["Fibromyalgia", "Sleep Problems"],
        "supplement": "Magnesium Glycinate",
        "related": ["magnesium-bisglycinate-for-muscle-cramps", "magnesium-for-better-sleep"],
        "external_related": [
            (
                "NIH Office of Dietary Supplements: Magnesium",
                "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/",
            )
        ],
        "days_ago": 3,
        "byline": "Dana Whitfield",
        "reviewer": "Samuel Okafor",
        "reviewed_days_ago": 20,
        "references": [NIH_MAGNESIUM],
    },
    {
        "slug": "magnesium-bisglycinate-for-muscle-cramps",
        "title": "The Benefits of Magnesium Bisglycinate for Muscle Cramps",
        "seo_title": "",
        "summary": (
            "Why magnesium bisglycinate is a popular choice for night-time leg cramps, what it "
            "may help with, and how to take it."
        ),
        "intro": (
            "A cramp wakes you at three in the morning, your calf locked hard, and all you can do "
            "is wait for it to pass. If that happens often, you have probably been told to try "
            "magnesium. Here is what to know about one of its best-tolerated forms."
        ),
        "body": (
            "## What is Magnesium Bisglycinate?\n\n"
            "Magnesium bisglycinate is magnesium held between two glycine molecules. This "
            '"chelated" structure protects the mineral on its way through the gut, so more of '
            "it is absorbed and less of it pulls water into the bowel.\n\n"
            "## Why cramps happen\n\n"
            "A muscle cramps when its nerve keeps firing and the fibres cannot let go. Tired "
            "muscles, long periods of sitting or standing, heavy sweating, pregnancy and some "
            "medicines all make this more likely. Low magnesium is one of several possible "
            "contributors.\n\n"
            "## Benefits of Magnesium Bisglycinate for Muscle Cramps\n\n"
            "Here is how it may help:"
        ),
        "benefits": [
            (
                "Muscle Relaxation",
                "Magnesium works against calcium inside muscle cells. Calcium tells a fibre to "
                "contract; enough magnesium lets it relax again.\n\n"
                "When magnesium runs low, fibres may stay primed to contract, which is one "
                "explanation for cramps that return night after night.",
            ),
            (
                "Calmer nerve signals",
                "Magnesium raises the threshold at which nerves fire, so a tired muscle is less "
                "likely to be pushed into a spasm.",
            ),
            (
                "Better recovery after exercise",
                "Active people lose magnesium in sweat. Topping it up may reduce the soreness and "
                "twitching that follow a long run or a hot day.",
            ),
            (
                "Kind to the stomach",
                "Because little of it stays in the bowel, bisglycinate suits people who could "
                "not tolerate other magnesium products.",
            ),
        ],
        "additional_benefits_heading": "Additional benefits",
        "additional_benefits_intro": "Some people notice more than fewer cramps:",
        "additional_benefits": [
            ("Sleep", "Fewer night cramps and a calmer evening often mean longer sleep."),
            ("Mood", "Magnesium plays a part in the body's stress response."),
            ("Bones", "Most of the body's magnesium is stored in bone, alongside calcium."),
        ],
        "dosage_heading": "How to take magnesium bisglycinate",
        "dose_min": "200",
        "dose_max": "350",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": (
            "Take it with the evening meal if cramps strike at night. Amounts above 350 mg a day "
            "from supplements are best agreed with a doctor.\n\n"
            "Keep stretching your calves before bed and drink enough during the day: magnesium "
            "works best alongside these habits, not instead of them."
        ),
        "conclusion": (
            "Magnesium bisglycinate is a sensible, gentle option for people troubled by frequent "
            "cramps, especially when their diet is short of leafy greens, nuts and whole grains. "
            "Trials in older adults have been mixed, so judge it by your own results over a "
            "month or two."
        ),
        "call_to_action": "Cramps: stretching routine",
        "conditions": ["Muscle Cramps"],
        "supplement": "Magnesium Bisglycinate",
        "related": ["magnesium-glycinate-for-fibromyalgia"],
        "external_related": [],
        "days_ago": 6,
    },
    {
        "slug": "magnesium-for-better-sleep",
        "title": "Can Magnesium Glycinate Help You Sleep Better?",
        "seo_title": "Magnesium Glycinate for Sleep: What to Expect and How Much to Take",
        "summary": (
            "What magnesium glycinate can and cannot do for poor sleep, who is most likely to "
            "notice a difference, and a sensible evening routine."
        ),
        "intro": (
            "Sleep supplements promise a lot. Magnesium glycinate promises less than most, which "
            "is part of why it has lasted: it is not a sedative, but for some people it makes the "
            "hour before bed noticeably calmer."
        ),
        "body": (
            "## What is Magnesium Glycinate?\n\n"
            "It is a well-absorbed form of magnesium bound to glycine. Both parts are relevant "
            "here: magnesium supports the brain's calming signals, and glycine in larger amounts "
            "has been studied on its own as a sleep aid.\n\n"
            "## Who is most likely to benefit\n\n"
            "People whose diets are low in magnesium, older adults, and people under long-term "
            "stress are the groups in which studies have seen the clearest changes. Someone who "
            "already eats plenty of beans, seeds and greens may notice little.\n\n"
            "## How it may help with sleep\n\n"
            "The effects people report are modest and build over a few weeks:"
        ),
        "benefits": [
            (
                "Falling asleep sooner",
                "A calmer nervous system in the evening can shorten the time spent lying awake.",
            ),
            (
                "Fewer night-time wakings",
                "Less muscle tension and fewer cramps mean fewer reasons to wake.",
            ),
            (
                "Feeling more rested",
                "Some small trials found better sleep quality scores, especially in older adults.",
            ),
        ],
        "additional_benefits_heading": "",
        "additional_benefits_intro": "",
        "additional_benefits": [
            ("Calmer evenings", "Many people describe an easier wind-down after work."),
            ("Muscle comfort", "Useful for those whose legs feel restless at night."),
        ],
        "dosage_heading": "",
        "dose_min": "300",
        "dose_max": None,
        "dose_unit": "mg",
        "dose_frequency": "in the evening",
        "dosage_note": (
            "Take it about an hour before bed. Keep the rest of your routine steady: a regular "
            "waking time and a dark, cool bedroom matter more than any supplement."
        ),
        "conclusion": (
            "For people short of magnesium, an evening dose of magnesium glycinate is a gentle "
            "way to support sleep. If poor sleep lasts for more than a few weeks, see a doctor: "
            "sleep apnoea, low iron and thyroid problems all need a proper diagnosis."
        ),
        "call_to_action": None,
        "conditions": ["Sleep Problems"],
        "supplement": "Magnesium Glycinate",
        "related": [],
        "external_related": [],
        "days_ago": 10,
    },
    {
        "slug": "magnesium-citrate-and-migraine",
        "title": "Magnesium Citrate for Migraine: A Practical Guide",
        "seo_title": "",
        "summary": (
            "Why magnesium appears in migraine guidance, how magnesium citrate compares with "
            "other forms, and how much is usually taken."
        ),
        "intro": (
            "Magnesium is one of the few supplements that headache specialists mention by name "
            "for migraine prevention. Magnesium citrate is an easy form to find and to absorb; "
            "this guide covers what it may offer and what to watch for."
        ),
        "body": (
            "## What is Magnesium Citrate?\n\n"
            "Magnesium citrate combines the mineral with citric acid, the acid of lemons. It "
            "dissolves readily, which helps absorption, and in larger doses draws water into the "
            "bowel, which is why it is also sold as a laxative.\n\n"
            "## Magnesium and the migraine brain\n\n"
            "Several studies have measured lower magnesium in the brains and blood of people with "
            "migraine, particularly migraine with aura. Magnesium steadies the nerve cells and "
            "blood vessels involved in an attack, which is the reasoning behind taking it every "
            "day rather than only when a headache starts.\n\n"
            "## Benefits of Magnesium Citrate for Migraine\n\n"
            "What readers and small trials report:"
        ),
        "benefits": [
            (
                "Fewer attacks",
                "Daily magnesium has been linked with fewer migraine days in some trials.",
            ),
            (
                "Milder attacks",
                "When attacks still happen, some people find them shorter or less intense.",
            ),
            (
                "Help with menstrual migraine",
                "Magnesium in the second half of the cycle is one option doctors discuss.",
            ),
        ],
        "additional_benefits_heading": "Additional benefits",
        "additional_benefits_intro": "",
        "additional_benefits": [
            ("Regularity", "A gentle effect on the bowel that some readers welcome."),
            ("Muscle comfort", "Neck and shoulder tension often comes with migraine."),
        ],
        "dosage_heading": "How to take magnesium citrate",
        "dose_min": "400",
        "dose_max": "600",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": (
            "Split the amount between two meals to spare your gut, and keep a headache diary for "
            "**three months**: it takes time to show. Loose stools mean the dose is too high for "
            "you. Amounts above 350 mg a day from supplements should be agreed with your doctor "
            "[ref:1], and so should any dose if you are pregnant or have kidney problems."
        ),
        "conclusion": (
            "Magnesium citrate is a low-cost, widely available way to try magnesium for migraine "
            "prevention. It is not a rescue medicine for an attack in progress; use it as part "
            "of the plan you make with your doctor."
        ),
        "call_to_action": None,
        "conditions": ["Migraine"],
        "supplement": "Magnesium Citrate",
        "related": ["magnesium-glycinate-for-fibromyalgia"],
        "external_related": [],
        "days_ago": 14,
        "byline": "Dana Whitfield",
        "reviewer": "Samuel Okafor",
        "reviewed_days_ago": 500,
        "references": [NIH_MAGNESIUM],
    },
    {
        "slug": "choosing-a-magnesium-for-night-cramps",
        "title": "Glycinate, Bisglycinate or Citrate? Choosing Magnesium for Night Cramps",
        "seo_title": "",
        "summary": (
            "Three common forms of magnesium compared for people with night cramps: absorption, "
            "gut comfort, price and how to take each."
        ),
        "intro": (
            "The magnesium shelf is confusing: dozens of products, several chemical names, and "
            "doses that do not match. If you are buying magnesium for night cramps, three forms "
            "cover almost every need. Here is how they differ."
        ),
        "body": (
            "## What is the difference between the forms?\n\n"
            "Every form is magnesium bound to something else. That partner decides how well the "
            "mineral is absorbed, how the stomach reacts, and how much elemental magnesium each "
            "capsule holds.\n\n"
            "| Form | Absorption | Gut comfort |\n"
            "|---|---|---|\n"
            "| Glycinate | good | very good |\n"
            "| Bisglycinate | good | very good |\n"
            "| Citrate | good | fair at high doses |\n\n"
            "## Reading the label\n\n"
            "Look for the line that gives **elemental magnesium** per serving. A capsule of "
            '"1,000 mg magnesium glycinate" may hold only 100 to 140 mg of magnesium itself.\n\n'
            "## Why the form matters for cramps\n\n"
            "A product only helps if you can take it every day. Here is what each form offers:"
        ),
        "benefits": [
            (
                "Glycinate for sensitive stomachs",
                "Rarely causes loose stools, and the glycine may help you settle in the evening.",
            ),
            (
                "Bisglycinate for steady absorption",
                "A fully chelated form, useful when other products did not seem to work.",
            ),
            (
                "Citrate for value",
                "Usually the cheapest well-absorbed option, if your gut tolerates it.",
            ),
        ],
        "additional_benefits_heading": "Things to avoid",
        "additional_benefits_intro": "Whatever form you choose, be wary of:",
        "additional_benefits": [
            ("Oxide", "Cheap and strong on paper, but poorly absorbed and often laxative."),
            ("Mega-doses", "More than the label's amount adds side effects, not benefits."),
            ("Mixed blends", "Products that hide amounts behind a proprietary blend."),
        ],
        "dosage_heading": "How to take it",
        "dose_min": "200",
        "dose_max": "350",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": (
            "Count elemental magnesium, take it with the evening meal and try one product for at "
            "least four weeks before switching."
        ),
        "conclusion": (
            "For most people with night cramps, glycinate or bisglycinate is the comfortable "
            "choice and citrate the economical one. The best form is the one you can take "
            "consistently, alongside stretching and enough fluids."
        ),
        "call_to_action": "Cramps: stretching routine",
        "conditions": ["Muscle Cramps", "Sleep Problems"],
        "supplement": "Magnesium Bisglycinate",
        "related": ["magnesium-bisglycinate-for-muscle-cramps", "magnesium-for-better-sleep"],
        "external_related": [],
        "days_ago": 21,
    },
    {
        "slug": "fibromyalgia-and-sleep-an-evening-routine",
        "title": "Fibromyalgia and Sleep: An Evening Routine That Includes Magnesium",
        "seo_title": "",
        "summary": (
            "A practical evening routine for people with fibromyalgia who sleep badly, and where "
            "magnesium bisglycinate fits into it."
        ),
        "intro": (
            "Poor sleep and fibromyalgia feed each other: pain breaks up the night, and a broken "
            "night turns up the pain. A steady evening routine is one of the few things that "
            "helps on both fronts, and magnesium can be one small part of it."
        ),
        "body": (
            "## What is the link between fibromyalgia and sleep?\n\n"
            "Many people with fibromyalgia spend too little time in deep sleep, the stage in "
            "which the body repairs itself. They wake feeling as if they had not slept at all, "
            "even after eight hours in bed.\n\n"
            "## Building the routine\n\n"
            "Keep the same waking time every day, weekends included. Dim the lights an hour "
            "before bed, and use that hour for something quiet: a warm shower, gentle stretching "
            "or reading on paper.\n\n"
            "## Where magnesium fits\n\n"
            "Taken with the evening meal, magnesium bisglycinate may support this routine in a "
            "few ways:"
        ),
        "benefits": [
            (
                "Relaxed muscles at bedtime",
                "Less tension in the neck, back and legs can make lying still more comfortable.",
            ),
            (
                "A quieter mind",
                "Magnesium and glycine both support the brain's own calming signals.",
            ),
            (
                "Fewer cramps",
                "Night cramps are another reason people with fibromyalgia wake up.",
            ),
        ],
        "additional_benefits_heading": "",
        "additional_benefits_intro": "",
        "additional_benefits": [],
        "dosage_heading": "",
        "dose_min": "200",
        "dose_max": "300",
        "dose_unit": "mg",
        "dose_frequency": "with the evening meal",
        "dosage_note": (
            "Stay at the lower amount if you already take magnesium for another reason, and count "
            "both products together."
        ),
        "conclusion": (
            "No single step fixes sleep with fibromyalgia, but a routine kept every night, with "
            "magnesium as a small supporting part, gives the body its best chance of rest. Tell "
            "your doctor about sleep problems: some fibromyalgia treatments target sleep directly."
        ),
        "call_to_action": None,
        "conditions": ["Fibromyalgia", "Sleep Problems"],
        "supplement": "Magnesium Bisglycinate",
        "related": ["magnesium-for-better-sleep"],
        "external_related": [],
        "days_ago": 30,
    },
]
