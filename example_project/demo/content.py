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
COCHRANE_CRAMPS = {
    "authors": "Garrison SR, Korownyk CS, Kolber MR, et al.",
    "title": "Magnesium for skeletal muscle cramps",
    "publication": "Cochrane Database of Systematic Reviews",
    "year": 2020,
    "doi": "10.1002/14651858.CD009402.pub3",
}
AAN_MIGRAINE_GUIDELINE = {
    "authors": "Holland S, Silberstein SD, Freitag F, et al.",
    "title": (
        "Evidence-based guideline update: NSAIDs and other complementary treatments for "
        "episodic migraine prevention in adults"
    ),
    "publication": "Neurology",
    "year": 2012,
    "doi": "10.1212/WNL.0b013e3182535d0c",
}

# Invented people for the demo site. Every article carries a byline: readers (and search
# engines, which want an author with a profile) see who wrote it.
CONTRIBUTORS = [
    {
        "name": "Dana Whitfield",
        "credentials": "RD",
        "profile_url": "https://example.org/contributors/dana-whitfield/",
    },
    {"name": "Lena Marsh", "credentials": "MS, RDN", "profile_url": ""},
    {
        "name": "Samuel Okafor",
        "credentials": "MD",
        "profile_url": "https://example.org/contributors/samuel-okafor/",
    },
]
# The full name of the demo's staff login, for articles editors add in the admin without a byline.
EDITOR_NAME = ("Robin", "Hale")

SUPPLEMENTS = [
    {
        **MAGNESIUM_UPPER_LIMIT,
        "name": "Magnesium Glycinate",
        "description": (
            "Magnesium paired with glycine, a small amino acid. Gentle on the stomach and a "
            "common choice for evening use."
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
    {
        "label": "Migraine: headache diary",
        "heading": "Keep a headache diary",
        "text": (
            "Note the date, length and strength of each attack, what you took for it, and any "
            "likely triggers. **Three months** of entries show your doctor far more than memory "
            "can, and tell you whether a new supplement is earning its place."
        ),
        "button_label": "More on migraine",
        "button_url": "/articles/conditions/migraine/",
        "is_default": False,
        "conditions": ["Migraine"],
    },
]

ARTICLES = [
    {
        "slug": "magnesium-glycinate-for-fibromyalgia",
        "title": "Magnesium Glycinate and Fibromyalgia: What It May Do for You",
        "seo_title": "Magnesium Glycinate and Fibromyalgia: Evidence and Dosage",
        "summary": (
            "How magnesium glycinate works, what studies in fibromyalgia have looked at, and "
            "how much people usually take."
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
            "this form is often taken in the evening. On shop shelves you will also see the "
            "names *magnesium bisglycinate* and *chelated magnesium*. They describe the same "
            "kind of compound; the figure that matters is the amount of **elemental magnesium** "
            "in each serving.\n\n"
            "## Why magnesium matters in fibromyalgia\n\n"
            "Magnesium helps muscles relax after they contract and keeps nerve signals in "
            "proportion. It also sits inside the NMDA receptor, a gate on nerve cells that takes "
            "part in amplifying pain. When magnesium is scarce, that gate opens more readily, "
            "which is why researchers have looked at the mineral in conditions where the nervous "
            "system seems to turn pain up.\n\n"
            "Several small studies have found lower magnesium levels in people with "
            "fibromyalgia than in people without it, although blood tests are a poor guide to "
            "what muscles actually hold [ref:1]. Diets built on refined foods, long-term use of "
            "some heartburn medicines or diuretics, heavy drinking and ongoing stress can all "
            "run the body's stores down.\n\n"
            "None of this makes magnesium a treatment for the condition. It does make it a "
            "reasonable thing to check, and for some people a reasonable thing to try.\n\n"
            "## What the research says so far\n\n"
            "The evidence is encouraging but thin. A handful of trials, most with fewer than a "
            "hundred participants, have tested magnesium on its own, with malic acid, or "
            "alongside the antidepressant amitriptyline. Their results point in different "
            "directions, and several saw no difference from placebo. None "
            "was large or long enough to settle the question.\n\n"
            "What the studies do agree on is that magnesium at ordinary amounts is well "
            "tolerated. For a condition with few dependable options, a careful personal trial, "
            "agreed with your clinician, is a fair step. The "
            "[NIH consumer fact sheet](https://ods.od.nih.gov/factsheets/Magnesium-Consumer/) "
            "is a good plain-language overview of the mineral itself.\n\n"
            "## What people taking magnesium glycinate notice\n\n"
            "People who find it useful usually describe changes in five areas:"
        ),
        "benefits": [
            (
                "Looser muscles",
                "Magnesium lets muscle fibres release after tension. Some people notice fewer "
                "tender, knotted areas after several weeks, often first in the neck and "
                "shoulders.",
            ),
            (
                "Deeper sleep",
                "Unrefreshing sleep is one of the hardest parts of fibromyalgia. Taken in the "
                "evening, magnesium glycinate may make it easier to settle and stay asleep.",
            ),
            (
                "Steadier energy",
                "Magnesium is needed to turn food into usable energy in every cell, so a "
                "shortfall is worth finding and correcting.",
            ),
            (
                "A calmer nervous system",
                "Magnesium helps keep nerve signalling in proportion, which interests people "
                "living with a condition known for heightened sensitivity.",
            ),
            (
                "Easier days of movement",
                "Gentle, regular activity is among the **best-supported** approaches to "
                "fibromyalgia. Less soreness the day after a walk or a swim makes it easier to "
                "keep the habit going.",
            ),
        ],
        "additional_benefits_heading": "Other reasons people keep taking it",
        "additional_benefits_intro": "Beyond fibromyalgia itself, readers often mention:",
        "additional_benefits": [
            (
                "Nerve and muscle function",
                "Magnesium contributes to the normal working of nerves and muscles.",
            ),
            ("Easier digestion", "Unlike some forms, glycinate rarely causes loose stools."),
            ("Less restlessness", "A settled body at night makes the whole next day easier."),
            (
                "A steadier mood",
                "Magnesium takes part in the body's stress response, and some readers say they "
                "feel less on edge.",
            ),
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
            "is, however, inexpensive, well tolerated and plausible, and many people like it as "
            "part of a calmer bedtime. Treat it as one part of a wider plan that includes "
            "movement, sleep habits and any medicines you rely on, and agree on it with the "
            "professional who knows your health."
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
        "title": "Magnesium Bisglycinate for Muscle Cramps: What It Can and Cannot Do",
        "seo_title": "",
        "summary": (
            "Why magnesium bisglycinate is a popular choice for night-time leg cramps, what the "
            "evidence says, and how to take it."
        ),
        "intro": (
            "A cramp wakes you at three in the morning, your calf locked hard, and all you can do "
            "is wait for it to pass. If that happens often, you have probably been told to try "
            "magnesium.\n\n"
            "Here is what to know about one of its best-tolerated forms: how it works, what the "
            "trials actually found, and how to give it a fair test without overdoing it."
        ),
        "body": (
            "## What is Magnesium Bisglycinate?\n\n"
            "Magnesium bisglycinate is magnesium held between two glycine molecules. This "
            '"chelated" structure protects the mineral on its way through the gut, so more of '
            "it is absorbed and less of it pulls water into the bowel.\n\n"
            "Because glycine makes up most of the weight, only about a seventh of the compound "
            "is magnesium itself. A capsule labelled 1,000 mg of bisglycinate therefore holds "
            "roughly 140 mg of elemental magnesium, and that smaller figure is the one to "
            "count.\n\n"
            "## Why cramps happen\n\n"
            "A muscle cramps when its nerve keeps firing and the fibres cannot let go. Tired "
            "muscles, long periods of sitting or standing, heavy sweating, pregnancy and some "
            "medicines all make this more likely. Low magnesium is one of several possible "
            "contributors.\n\n"
            "Most cramps are harmless, if miserable. See a doctor when they are frequent and "
            "severe, come with swelling, redness or weakness, or began soon after a new "
            "medicine: statins, diuretics and some asthma inhalers are known culprits.\n\n"
            "## What the evidence says\n\n"
            "Magnesium is among the most popular remedies for cramps, yet the trials tell a "
            "mixed story. A Cochrane review that pooled the randomised studies concluded that "
            "magnesium is **unlikely to make a meaningful difference** for older adults with "
            "ordinary night cramps [ref:1]. Results in pregnancy were conflicting, and athletes "
            "have barely been studied.\n\n"
            "That does not mean it never helps. People whose diet or medicines leave them short "
            "of magnesium are the ones most likely to notice a change, and a trial of a month or "
            "two costs little. It does mean that stretching, fluids and a look at your medicines "
            "deserve as much attention as the supplement.\n\n"
            "## How magnesium bisglycinate may help with cramps\n\n"
            "Here is the reasoning behind it, and what regular users report:"
        ),
        "benefits": [
            (
                "Letting muscles release",
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
                "Filling a dietary gap",
                "If your meals are short of leafy greens, beans, nuts and whole grains, a "
                "supplement closes the gap that may be feeding your cramps.",
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
            ("Blood sugar", "The mineral is involved in how cells respond to insulin."),
        ],
        "dosage_heading": "How to take magnesium bisglycinate",
        "dose_min": "200",
        "dose_max": "350",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": (
            "Take it with the evening meal if cramps strike at night. Amounts above 350 mg a day "
            "from supplements are best agreed with a doctor [ref:2].\n\n"
            "Keep stretching your calves before bed and drink enough during the day: magnesium "
            "works best alongside these habits, not in place of them."
        ),
        "conclusion": (
            "Magnesium bisglycinate is a sensible, gentle option for people troubled by frequent "
            "cramps, especially when their diet is short of magnesium. The research gives it "
            "modest odds for typical night cramps in older adults, so judge it by your own "
            "results over a month or two, and stop spending on it if nothing changes."
        ),
        "call_to_action": "Cramps: stretching routine",
        "conditions": ["Muscle Cramps"],
        "supplement": "Magnesium Bisglycinate",
        "related": [
            "magnesium-glycinate-for-fibromyalgia",
            "choosing-a-magnesium-for-night-cramps",
        ],
        "external_related": [],
        "days_ago": 6,
        "byline": "Lena Marsh",
        "references": [COCHRANE_CRAMPS, NIH_MAGNESIUM],
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
            "hour before bed noticeably calmer.\n\n"
            "This guide sets out what is known, who tends to notice a change, and how to fit it "
            "into an evening without expecting it to do the work of good sleep habits."
        ),
        "body": (
            "## What is Magnesium Glycinate?\n\n"
            "It is a well-absorbed form of magnesium bound to glycine. Both parts are relevant "
            "here: magnesium supports the brain's calming signals, and glycine in larger amounts "
            "has been studied on its own as a sleep aid.\n\n"
            "## How magnesium relates to sleep\n\n"
            "Laboratory work suggests magnesium supports the action of GABA, the main calming "
            "messenger in the brain, and takes part in keeping the body clock in time. Animals "
            "fed too little magnesium sleep more lightly and wake more often.\n\n"
            "Whether extra magnesium improves sleep in people who already get enough is far less "
            "clear. Many adults fall somewhat short of the recommended intake, so the question "
            "is often less about adding something new and more about making up a shortfall.\n\n"
            "## What studies have found\n\n"
            "A 2021 systematic review found just three small trials of magnesium for insomnia "
            "in older adults. Taken together, they suggested people fell asleep about a quarter "
            "of an hour sooner, but the reviewers rated the evidence as **low quality**.\n\n"
            "Separately, small trials in Japan gave 3 g of glycine before bed and reported "
            "better-rated sleep. A usual dose of magnesium glycinate carries somewhat less "
            "glycine than that, so any effect from that side is likely to be smaller.\n\n"
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
            (
                "A gentle option",
                "It is not habit-forming and is unlikely to leave you groggy the next morning, "
                "which matters for anyone who has to drive early.",
            ),
        ],
        "additional_benefits_heading": "",
        "additional_benefits_intro": "",
        "additional_benefits": [
            ("Calmer evenings", "Many people describe an easier wind-down after work."),
            ("Muscle comfort", "Useful for those whose legs feel restless at night."),
            (
                "Muscle function",
                "Magnesium contributes to normal muscle function, neck and shoulders included.",
            ),
        ],
        "dosage_heading": "",
        "dose_min": "300",
        "dose_max": None,
        "dose_unit": "mg",
        "dose_frequency": "in the evening",
        "dosage_note": (
            "Take it about an hour before bed. Keep the rest of your routine steady:\n\n"
            "- get up at the same time every day, weekends included;\n"
            "- keep the bedroom dark, quiet and cool;\n"
            "- leave caffeine out after lunch.\n\n"
            "These habits matter more than any supplement."
        ),
        "conclusion": (
            "For people short of magnesium, an evening dose of magnesium glycinate is a gentle "
            "way to support sleep. Expect a small change at most, and give it a few weeks. If "
            "poor sleep lasts for more than a month, see a doctor: sleep apnoea, low iron, "
            "thyroid problems and low mood all need a proper diagnosis."
        ),
        "call_to_action": None,
        "conditions": ["Sleep Problems"],
        "supplement": "Magnesium Glycinate",
        "related": ["fibromyalgia-and-sleep-an-evening-routine"],
        "external_related": [],
        "days_ago": 10,
        "byline": "Lena Marsh",
    },
    {
        "slug": "magnesium-citrate-and-migraine",
        "title": "Magnesium Citrate and Migraine: A Practical Guide",
        "seo_title": "",
        "summary": (
            "Why magnesium appears in migraine guidance, how magnesium citrate compares with "
            "other forms, and how much is usually taken."
        ),
        "intro": (
            "Magnesium is one of the few supplements that headache specialists mention by name "
            "in their guidance. Magnesium citrate is an easy form to find and to absorb; this "
            "guide covers what is known about it and what to watch for.\n\n"
            "The amounts in migraine studies are higher than for most other purposes, so this is "
            "one supplement to plan with your doctor rather than pick up on a whim."
        ),
        "body": (
            "## What is Magnesium Citrate?\n\n"
            "Magnesium citrate combines the mineral with citric acid, the acid of lemons. It "
            "dissolves readily, which helps absorption, and in larger doses draws water into the "
            "bowel and loosens the stools.\n\n"
            "## Magnesium and the migraine brain\n\n"
            "Several studies have measured lower magnesium in the brains and blood of people with "
            "migraine, particularly migraine with aura. Magnesium steadies the nerve cells and "
            "blood vessels involved in an attack, which is the reasoning behind taking it every "
            "day rather than only when a headache starts.\n\n"
            "## What guidelines say\n\n"
            "In 2012 the American Academy of Neurology and the American Headache Society graded "
            "the evidence on magnesium in their guideline on episodic migraine [ref:2]. It "
            "earned a middling grade resting on a few small trials, and prescription options "
            "with stronger evidence rank above it. Canadian guidance from the same year "
            "suggests adults try 600 mg of elemental magnesium a day.\n\n"
            "## Who should be careful\n\n"
            "Higher amounts are not for everyone. Check with a doctor or pharmacist first if "
            "you:\n\n"
            "- have kidney disease, which makes magnesium harder to clear;\n"
            "- take tetracycline or quinolone antibiotics, or bisphosphonates for bone, all of "
            "which need a gap of a few hours from magnesium;\n"
            "- are pregnant or breastfeeding;\n"
            "- have a bowel condition that loose stools would make worse.\n\n"
            "## What readers and small trials report\n\n"
            "The points below come up most often:"
        ),
        "benefits": [
            (
                "A daily routine",
                "Trials gave magnesium every day for weeks, not only when a headache began.",
            ),
            (
                "Keeping a diary",
                "Readers who track their days find it easier to judge, with their doctor, "
                "whether it is worth continuing.",
            ),
            (
                "Timing around the cycle",
                "Some doctors discuss taking magnesium in the second half of the menstrual cycle.",
            ),
            (
                "Research on aura",
                "Researchers are studying whether people who have aura differ, given the lower "
                "magnesium measured in that group.",
            ),
        ],
        "additional_benefits_heading": "Additional benefits",
        "additional_benefits_intro": "",
        "additional_benefits": [
            ("Regularity", "A gentle effect on the bowel that some readers welcome."),
            ("Muscle comfort", "Neck and shoulder tension often comes with migraine."),
            ("Sleep", "A settled evening routine supports restful sleep."),
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
            "Magnesium citrate is a low-cost, widely available form of the mineral. It is not a "
            "rescue medicine for an attack in progress, and the doses "
            "involved call for a clinician's agreement. Use it as part of the plan you make "
            "with your doctor, and let your diary decide whether it stays."
        ),
        "call_to_action": None,
        "conditions": ["Migraine"],
        "supplement": "Magnesium Citrate",
        "related": ["magnesium-glycinate-for-fibromyalgia", "magnesium-for-better-sleep"],
        "external_related": [],
        "days_ago": 14,
        "byline": "Dana Whitfield",
        "reviewer": "Samuel Okafor",
        "reviewed_days_ago": 500,
        "references": [NIH_MAGNESIUM, AAN_MIGRAINE_GUIDELINE],
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
            "cover almost every need.\n\n"
            "Here is how they differ, how to read a label without being misled, and which "
            "products are better left on the shelf."
        ),
        "body": (
            "## What is the difference between the forms?\n\n"
            "Every form is magnesium bound to something else. That partner decides how well the "
            "mineral is absorbed, how the stomach reacts, and how much elemental magnesium each "
            "capsule holds.\n\n"
            "| Form | Absorption | Gut comfort | Magnesium by weight |\n"
            "|---|---|---|---|\n"
            "| Glycinate | good | very good | about 14% |\n"
            "| Bisglycinate | good | very good | about 14% |\n"
            "| Citrate | good | fair at high doses | about 16% |\n\n"
            "## Are glycinate and bisglycinate the same?\n\n"
            "Very nearly. *Bisglycinate* spells out that each magnesium atom carries two glycine "
            "molecules, which is how most glycinate products are made anyway. Some brands use "
            "one name, some the other, and a few use both on the same tub. Compare products by "
            "the elemental amount, not the name.\n\n"
            "## Reading the label\n\n"
            "Look for the line that gives **elemental magnesium** per serving. A capsule of "
            '"1,000 mg magnesium glycinate" may hold only 100 to 140 mg of magnesium itself.\n\n'
            "Check the serving size too. Many labels quote the amount for two or three capsules, "
            "so a product that looks strong may need a handful a day to reach it.\n\n"
            "## What about other forms?\n\n"
            "Malate, taurate and threonate appear on many shelves with bold promises attached. "
            "They are absorbed reasonably well, but there is little research on any of them for "
            "cramps, and they usually cost more. Unless a clinician suggests one for a specific "
            "reason, the three forms above are the practical place to start.\n\n"
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
            (
                "Any of the three for a fair trial",
                "Each delivers enough magnesium in one or two capsules to find out whether a "
                "top-up changes your cramps at all.",
            ),
        ],
        "additional_benefits_heading": "Things to avoid",
        "additional_benefits_intro": "Whatever form you choose, be wary of:",
        "additional_benefits": [
            ("Oxide", "Cheap and strong on paper, but poorly absorbed and often laxative."),
            ("Mega-doses", "More than the label's amount adds side effects, not benefits."),
            ("Mixed blends", "Products that hide amounts behind a proprietary blend."),
            (
                "Counting twice",
                "Multivitamins and some antacids already contain magnesium, so add them up.",
            ),
        ],
        "dosage_heading": "How to take it",
        "dose_min": "200",
        "dose_max": "350",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": (
            "Count elemental magnesium, take it with the evening meal and try one product for at "
            "least four weeks before switching. If you see a doctor for your cramps, take the "
            "tub along so they can see exactly what you are using."
        ),
        "conclusion": (
            "For most people with night cramps, glycinate or bisglycinate is the comfortable "
            "choice and citrate the economical one. The best form is the one you can take "
            "consistently, alongside stretching and enough fluids. If a month of steady use "
            "brings no change, magnesium may simply not be the missing piece for you."
        ),
        "call_to_action": "Cramps: stretching routine",
        "conditions": ["Muscle Cramps", "Sleep Problems"],
        "supplement": "Magnesium Bisglycinate",
        "related": ["magnesium-bisglycinate-for-muscle-cramps", "magnesium-for-better-sleep"],
        "external_related": [],
        "days_ago": 21,
        "byline": "Lena Marsh",
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
            "helps on both fronts, and magnesium can be one small part of it.\n\n"
            "What follows is a routine you can adapt, not a rulebook. Keep the parts that suit "
            "you and drop the rest."
        ),
        "body": (
            "## What is the link between fibromyalgia and sleep?\n\n"
            "Many people with fibromyalgia spend too little time in deep sleep, the stage in "
            "which the body repairs itself. They wake feeling as if they had not slept at all, "
            "even after eight hours in bed.\n\n"
            "Experiments in healthy volunteers show the same pattern from the other side: a few "
            "nights of disrupted deep sleep leave people achier and more tender. The "
            "[NHS overview of fibromyalgia](https://www.nhs.uk/conditions/fibromyalgia/) lists "
            "sleep among the first things to work on for that reason.\n\n"
            "## Building the routine\n\n"
            "Small, repeatable steps work better than a dramatic overhaul:\n\n"
            "1. **Fix the morning.** Keep the same waking time every day, weekends included.\n"
            "2. **Dim the evening.** Lower the lights an hour before bed and put screens away.\n"
            "3. **Warm up.** A warm shower or bath eases stiff muscles before you lie down.\n"
            "4. **Stretch gently.** Five minutes of slow stretching for the neck, back and legs.\n"
            "5. **Wind down.** Read on paper or listen to something quiet until you feel "
            "sleepy.\n\n"
            "If you lie awake for what feels like a long time, get up, sit somewhere dim, and "
            "return to bed when drowsy. Lying in bed frustrated teaches the body that bed is "
            "for worrying.\n\n"
            "Keep a notebook by the bed for a few weeks. Jotting down when you went to bed, "
            "roughly when you fell asleep and how rested you felt shows which changes help, and "
            "gives your doctor something concrete to discuss.\n\n"
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
            (
                "A cue for the body",
                "Taking it at the same time each evening becomes part of the signal that the day "
                "is ending.",
            ),
        ],
        "additional_benefits_heading": "",
        "additional_benefits_intro": "",
        "additional_benefits": [
            ("Morning stiffness", "A more settled night may make the first hour easier."),
            ("Daytime focus", "Better sleep often leaves the next day feeling clearer."),
            ("Gut comfort", "Bisglycinate is unlikely to upset digestion late in the day."),
        ],
        "dosage_heading": "",
        "dose_min": "200",
        "dose_max": "300",
        "dose_unit": "mg",
        "dose_frequency": "with the evening meal",
        "dosage_note": (
            "Stay at the lower amount if you already take magnesium for another reason, and count "
            "both products together. Mention it to your doctor if you take medicines for pain or "
            "sleep, so your whole evening routine is reviewed in one go."
        ),
        "conclusion": (
            "No single step fixes sleep with fibromyalgia, but a routine kept every night, with "
            "magnesium as a small supporting part, gives the body its best chance of rest. Tell "
            "your doctor about sleep problems: some fibromyalgia medicines are chosen partly for "
            "their effect on sleep, and a sleep disorder such as apnoea may need its own tests."
        ),
        "call_to_action": None,
        "conditions": ["Fibromyalgia", "Sleep Problems"],
        "supplement": "Magnesium Bisglycinate",
        "related": ["magnesium-for-better-sleep", "magnesium-glycinate-for-fibromyalgia"],
        "external_related": [
            ("NHS: Fibromyalgia", "https://www.nhs.uk/conditions/fibromyalgia/"),
        ],
        "days_ago": 30,
        "byline": "Dana Whitfield",
    },
]
