"""The words the checker knows, in English: data a site extends through ``CLAIM_LEXICON``.

Diseases come in two layers: the names people write (curated below, with lay names, abbreviations
and the structure/function wording an editor could use instead) and the short names derived from
ICD-10-CM (``data/icd10cm.tsv``, public domain; see ``tools/disease_lexicon.py``). Symptoms,
biomarkers, drugs and the wording of effects are curated here. Every entry is a phrase; plurals and
verb forms are generated when the lexicon is compiled, so "migraine" also finds "migraines" and
"relieve" finds "relieved" and "relieving".
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from django.utils.translation import gettext_noop


def _phrases(text: str) -> list[str]:
    """A list of phrases written as one comma-separated string, to keep the lists readable."""
    return [" ".join(phrase.split()) for phrase in text.split(",") if phrase.strip()]


def _pairs(text: str) -> dict[str, str]:
    """ "phrase: value, phrase: value" as a dict."""
    return {key.strip(): value.strip() for key, value in (p.split(":") for p in _phrases(text))}


# What an editor can say instead, by body system: structure/function wording FDA accepts. Shown
# translated (the catalogs hold them); a site's own suggestions are shown as written.
SUGGESTIONS: dict[str, str] = {
    "joints": gettext_noop("supports normal joint function"),
    "bones": gettext_noop("helps build and maintain strong bones"),
    "muscles": gettext_noop("supports normal muscle function"),
    "heart": gettext_noop("supports normal heart function and healthy circulation"),
    "blood_sugar": gettext_noop(
        "helps maintain healthy blood sugar levels already within the normal range"
    ),
    "cholesterol": gettext_noop(
        "helps maintain cholesterol levels already within the normal range"
    ),
    "blood_pressure": gettext_noop("helps maintain blood pressure already within the normal range"),
    "mood": gettext_noop("supports a balanced mood"),
    "stress": gettext_noop("promotes relaxation"),
    "sleep": gettext_noop("for occasional sleeplessness"),
    "nerves": gettext_noop("supports normal nerve function"),
    "brain": gettext_noop("supports memory and concentration"),
    "digestion": gettext_noop("supports healthy digestion"),
    "immune": gettext_noop("supports the immune system"),
    "breathing": gettext_noop("supports healthy lung function"),
    "skin": gettext_noop("supports healthy skin"),
    "urinary": gettext_noop("supports urinary tract health"),
    "prostate": gettext_noop("supports prostate health"),
    "eyes": gettext_noop("supports healthy vision"),
    "energy": gettext_noop("supports normal energy-yielding metabolism"),
    "cells": "",  # nothing a supplement can say about cancer
    "general": "",
}

# The curated disease layer: the names editors write, by body system. Matching ignores case,
# hyphens and a possessive "'s"; abbreviations are matched as words ("IBS", "COPD").
DISEASES: dict[str, list[str]] = {
    "joints": _phrases(
        """
        arthritis, osteoarthritis, rheumatoid arthritis, psoriatic arthritis, gout, arthritic,
        lupus, ankylosing spondylitis, bursitis, tendinitis, tendonitis, carpal tunnel syndrome,
        carpal tunnel, RA, OA, degenerative joint disease, joint disease, tennis elbow, frozen
        shoulder, slipped disc, herniated disc, bad knees, worn-out joints
        """
    ),
    "bones": _phrases(
        """
        osteopenia, rickets, osteomalacia, brittle bone disease, bone loss disease, thinning bones,
        thin bones, brittle bones, fragile bones
        """
    ),
    "muscles": _phrases(
        """
        muscular dystrophy, restless legs syndrome, restless leg syndrome, RLS, fibromyalgia, fibro,
        multiple sclerosis, MS, ALS, myasthenia gravis, chronic fatigue syndrome, CFS, ME/CFS,
        myalgic encephalomyelitis, sarcopenia
        """
    ),
    "heart": _phrases(
        """
        heart disease, cardiovascular disease, coronary artery disease, coronary heart disease, CVD,
        CAD, heart attack, heart attacks, stroke, strokes, heart failure, atherosclerosis,
        arteriosclerosis, hardening of the arteries, clogged arteries, arrhythmia, atrial
        fibrillation, AFib, angina, blood clots, thrombosis, deep vein thrombosis, DVT, varicose
        veins, Raynaud, Raynaud's disease, peripheral artery disease, poor circulation, heart
        condition, heart problems
        """
    ),
    "blood_pressure": _phrases(
        """
        hypertension, high blood pressure, HBP, hypotension, low blood pressure
        """
    ),
    "cholesterol": _phrases(
        """
        high cholesterol, hypercholesterolemia, hyperlipidemia, dyslipidemia, high triglycerides,
        elevated cholesterol
        """
    ),
    "blood_sugar": _phrases(
        """
        diabetes, diabetic, diabetics, type 1 diabetes, type 2 diabetes, type II diabetes, T2D, T1D,
        prediabetes, pre-diabetes, insulin resistance, metabolic syndrome, hyperglycemia,
        hypoglycemia, high blood sugar, diabetic neuropathy, gestational diabetes, obesity, obese
        """
    ),
    "mood": _phrases(
        """
        depression, depressive disorder, major depression, clinical depression, anxiety disorder,
        anxiety disorders, generalized anxiety disorder, GAD, panic disorder, panic attacks, bipolar
        disorder, bipolar, PTSD, OCD, seasonal affective disorder, SAD, postpartum depression,
        schizophrenia, eating disorder, anorexia, bulimia, addiction, alcoholism, nicotine
        addiction, smoking addiction, quit smoking, quitting smoking, smoking cessation, alcohol
        intoxication, burnout syndrome, opioid withdrawal, alcohol withdrawal, withdrawal symptoms
        """
    ),
    "sleep": _phrases(
        """
        insomnia, chronic insomnia, sleep apnea, sleep disorder, sleep disorders, narcolepsy
        """
    ),
    "nerves": _phrases(
        """
        migraine, migraines, migraine headaches, cluster headaches, neuropathy, peripheral
        neuropathy, nerve damage, epilepsy, seizure disorder, Parkinson, Parkinson's disease,
        tinnitus, sciatica, shingles, neuralgia, chronic pain, chronic pain syndrome
        """
    ),
    "brain": _phrases(
        """
        Alzheimer, Alzheimer's disease, dementia, senile dementia, senility, cognitive decline,
        ADHD, ADD, autism, brain fog syndrome, Huntington's disease
        """
    ),
    "digestion": _phrases(
        """
        IBS, irritable bowel syndrome, IBD, inflammatory bowel disease, Crohn, Crohn's disease,
        ulcerative colitis, colitis, celiac disease, coeliac disease, GERD, acid reflux disease,
        reflux disease, ulcer, ulcers, stomach ulcers, gastritis, diverticulitis, leaky gut
        syndrome, SIBO, chronic constipation, gallstones, kidney stones, fatty liver, fatty liver
        disease, NAFLD, cirrhosis, hepatitis, liver disease, kidney disease, chronic kidney disease,
        CKD, pancreatitis, hemorrhoids, food poisoning
        """
    ),
    "immune": _phrases(
        """
        infection, infections, infectious disease, common cold, a cold, colds, flu, influenza,
        COVID, COVID-19, long COVID, coronavirus, pneumonia, bronchitis, sinusitis, sinus infection,
        strep throat, tonsillitis, ear infection, urinary tract infection, UTI, UTIs, yeast
        infection, candida, candidiasis, herpes, cold sores, HIV, AIDS, Lyme disease, tuberculosis,
        malaria, measles, allergies, allergy, hay fever, seasonal allergies, autoimmune disease,
        autoimmune disorders, Hashimoto, Hashimoto's disease, Graves' disease, hypothyroidism,
        hyperthyroidism, thyroid disease
        """
    ),
    "breathing": ["asthma", "COPD", "emphysema", "chronic bronchitis", "cystic fibrosis"],
    "skin": _phrases(
        """
        eczema, psoriasis, rosacea, dermatitis, severe acne, vitiligo, alopecia, hives
        """
    ),
    "urinary": _phrases(
        """
        incontinence, overactive bladder, interstitial cystitis, cystitis, kidney failure
        """
    ),
    "prostate": _phrases(
        """
        BPH, benign prostatic hyperplasia, enlarged prostate, prostatitis, erectile dysfunction, ED,
        impotence, infertility
        """
    ),
    "eyes": _phrases(
        """
        macular degeneration, AMD, cataracts, cataract, glaucoma, dry eye disease, pink eye,
        conjunctivitis, night blindness
        """
    ),
    "cells": _phrases(
        """
        cancer, cancers, tumor, tumors, tumour, tumours, carcinoma, leukemia, lymphoma, melanoma,
        breast cancer, prostate cancer, colon cancer, lung cancer, cancerous, malignancy, metastasis
        """
    ),
    "general": _phrases(
        """
        disease, diseases, diseased, illness, illnesses, chronic disease, chronic diseases,
        chronic illness, degenerative disease, degenerative diseases, sickness, disorder, disorders,
        medical condition, medical conditions, health condition, health conditions, ailment,
        ailments
        """
    ),
}

# Conditions of a natural state that FDA counts as abnormal (criterion (iii)): a disease, though
# the state itself (pregnancy, menopause, ageing, the menstrual cycle) is not.
NATURAL_STATE_DISEASES: dict[str, list[str]] = {
    "bones": _phrases(
        """
        osteoporosis, postmenopausal osteoporosis, osteoporosis of menopause, bone fragility,
        fragile bones
        """
    ),
    "general": _phrases(
        """
        toxemia of pregnancy, pregnancy toxemia, hyperemesis gravidarum, severe morning sickness,
        eclampsia, preeclampsia, pre-eclampsia, premature labor, miscarriage
        """
    ),
    "mood": [
        "severe depression associated with the menstrual cycle",
        "PMDD",
        "premenstrual dysphoric disorder",
    ],
    "skin": ["cystic acne"],
    "brain": ["senile dementia", "age-related dementia"],
    "eyes": ["age-related macular degeneration"],
}

# Signs and symptoms characteristic of a disease (criterion (ii)), with the disease they point to.
SYMPTOMS: dict[str, dict[str, str]] = {
    "heart": _pairs(
        """
        crushing chest pain: angina, chest pain: angina, chest tightness: angina, platelet
        aggregation: thrombosis, blood clotting: thrombosis, irregular heartbeat: arrhythmia, heart
        palpitations: arrhythmia, palpitations: arrhythmia, plaque buildup: atherosclerosis,
        arterial plaque: atherosclerosis, artery plaque: atherosclerosis, hardened arteries:
        atherosclerosis, swollen ankles: heart failure
        """
    ),
    "joints": _pairs(
        """
        joint pain: arthritis, joint inflammation: arthritis, joint stiffness: arthritis, stiff
        joints: arthritis, swollen joints: arthritis, joint swelling: arthritis, painful joints:
        arthritis, aching joints: arthritis, tender points: fibromyalgia, fibro fog: fibromyalgia,
        widespread pain: fibromyalgia
        """
    ),
    "breathing": _pairs(
        """
        bronchospasm: asthma, wheezing: asthma, shortness of breath: asthma, chronic cough: chronic
        bronchitis, persistent cough: chronic bronchitis, airway inflammation: asthma
        """
    ),
    "urinary": _pairs(
        """
        urinary urgency: overactive bladder, urinary frequency: BPH, frequent urination: BPH, urine
        flow: BPH, urinary flow: BPH, weak urine stream: BPH, nighttime urination: BPH, bladder
        leaks: incontinence, painful urination: urinary tract infection
        """
    ),
    "nerves": _pairs(
        """
        headache: headache disorders, headaches: headache disorders, tension headaches: tension-type
        headache, migraine attacks: migraine, aura: migraine, nerve pain: neuropathy, numbness and
        tingling: neuropathy, tingling: neuropathy, burning feet: neuropathy, seizures: epilepsy,
        seizure: epilepsy, tremors: Parkinson's disease, tremor: Parkinson's disease, pins and
        needles: neuropathy, pinched nerve: nerve compression, fever blisters: herpes labialis,
        fever blister: herpes labialis
        """
    ),
    "brain": _pairs(
        """
        memory loss: dementia, cognitive impairment: dementia
        """
    ),
    "mood": _pairs(
        """
        anxiety: anxiety disorders, depressed mood: depression, hopelessness: depression, panic:
        panic disorder, suicidal thoughts: depression
        """
    ),
    "sleep": {
        "sleepless nights": "insomnia",
        "chronic sleeplessness": "insomnia",
        "sleeplessness": "insomnia",
    },
    "digestion": _pairs(
        """
        heartburn: GERD, acid reflux: GERD, diarrhea: intestinal disease, diarrhoea: intestinal
        disease, abdominal pain: intestinal disease, bloody stools: intestinal disease, vomiting:
        gastrointestinal disease
        """
    ),
    "immune": _pairs(
        """
        fever: infection, sore throat: infection, runny nose: common cold, nasal congestion: common
        cold, congestion: common cold, cough: infection, sneezing: allergies, itchy eyes: allergies
        """
    ),
    "general": _pairs(
        """
        inflammation: inflammatory disease, swelling: inflammatory disease, chronic inflammation:
        inflammatory disease, tumor growth: cancer, cancer cells: cancer, wound infection:
        infection, pain: a painful condition, pains: a painful condition, aches and pains: a painful
        condition, constipation: chronic constipation, withdrawal symptoms: addiction
        """
    ),
    "bones": _pairs(
        """
        bone loss: osteoporosis, fractures: osteoporosis, bone fractures: osteoporosis
        """
    ),
    "skin": {"hair loss": "alopecia", "itching": "skin disease", "rashes": "skin disease"},
    "blood_sugar": {"sugar cravings": "diabetes"},
}

# Complaints that are not a disease on their own (stress, occasional sleeplessness, muscle pain
# after exercise). They become a claim only when something ties them to a disease: the sentence
# names one, the article is about one, or the wording is a cure's.
COMPLAINTS: dict[str, list[str]] = {
    "muscles": _phrases(
        """
        aches, soreness, muscle pain, muscle aches, sore muscles, muscle soreness, stiffness, muscle
        tension, tension, cramps, cramp, cramping, muscle cramps, leg cramps, night cramps, spasms,
        muscle spasms, twitching, tenderness
        """
    ),
    "energy": ["fatigue", "tiredness", "exhaustion", "low energy", "lack of energy", "weakness"],
    "sleep": _phrases(
        """
        sleep problems, sleep disturbances, trouble sleeping, poor sleep, restlessness, restless
        sleep, waking at night
        """
    ),
    "stress": ["stress", "nervous tension", "frustration", "worry", "irritability", "nervousness"],
    "mood": ["mood changes", "mood swings", "low mood", "sadness", "the blues"],
    "brain": ["absentmindedness", "brain fog", "forgetfulness", "memory problems", "poor focus"],
    "digestion": _phrases(
        """
        bloating, gas, upset stomach, stomach upset, indigestion, loose stools, nausea, morning
        sickness, edema, water retention
        """
    ),
    "skin": ["acne", "dry skin", "wrinkles", "blemishes"],
    "general": _phrases(
        """
        symptoms, symptom, flare-ups, flare-up, flares, attacks, episodes, discomfort, hot flashes,
        hot flushes, night sweats
        """
    ),
}

# Symptoms each curated disease is known for: an article about the disease that promises relief
# from them claims to mitigate it ("Reduced fatigue" under an article tagged fibromyalgia).
DISEASE_SYMPTOMS: dict[str, list[str]] = {
    "fibromyalgia": _phrases(
        """
        pain, widespread pain, fatigue, tiredness, stiffness, tenderness, sleep problems, sleep
        disturbances, brain fog, exhaustion
        """
    ),
    "arthritis": ["pain", "stiffness", "swelling", "inflammation", "tenderness"],
    "migraine": ["pain", "headache", "nausea", "attacks", "aura"],
    "depression": ["low mood", "sadness", "fatigue", "sleep problems"],
    "anxiety disorder": ["worry", "nervousness", "tension", "restlessness"],
    "insomnia": ["sleeplessness", "trouble sleeping", "poor sleep", "waking at night"],
    "IBS": ["bloating", "gas", "constipation", "diarrhea", "abdominal pain", "cramps"],
    "diabetes": ["fatigue", "sugar cravings"],
    "chronic fatigue syndrome": ["fatigue", "exhaustion", "tiredness", "brain fog"],
    "restless legs syndrome": ["restlessness", "twitching", "cramps"],
}
# Said of any disease: "relieves the symptoms", "fewer flare-ups".
ANY_DISEASE_SYMPTOMS = ["symptoms", "symptom", "flare-ups", "flare-up", "flares", "pain", "attacks"]

# Measures of the body that, lowered or "controlled", stand for a disease (criterion (ii)).
BIOMARKERS: dict[str, list[str]] = {
    "cholesterol": _phrases(
        """
        cholesterol, LDL, LDL cholesterol, bad cholesterol, triglycerides, blood lipids, lipid
        levels, cholesterol levels
        """
    ),
    "blood_sugar": _phrases(
        """
        blood sugar, blood glucose, fasting glucose, fasting blood sugar, glucose levels,
        blood sugar levels, A1C, HbA1c, insulin levels, insulin sensitivity
        """
    ),
    "blood_pressure": ["blood pressure", "systolic pressure", "diastolic pressure"],
    "heart": ["homocysteine", "CRP", "C-reactive protein"],
    "prostate": ["PSA"],
    "joints": ["uric acid"],
}

# Words for a product that acts on a disease. "verbs" take every form (relieve, relieves,
# relieved, relieving); "drug_verbs" make a claim even without a disease named (only a drug
# cures); "nouns" and "frames" are phrases as written; "prepositions" count only right before
# the disease ("for migraine", "against cancer").
EFFECTS: dict[str, list[str]] = {
    "verbs": _phrases(
        """
        relieve, ease, reduce, lower, lessen, alleviate, soothe, fight, combat, battle, beat,
        defeat, overcome, conquer, counteract, counter, attack, kill, destroy, eliminate, eradicate,
        banish, stop, halt, block, inhibit, shrink, dissolve, resolve, reverse, prevent, protect,
        guard, ward off, defend, slow, delay, improve, manage, control, regulate, normalize,
        correct, decrease, diminish, minimize, suppress, clear, end, remove, get rid of, free,
        relieve, calm, fix, repair, restore, mitigate, lower the risk of, reduce the risk of, cut
        the risk of, help with, help against, say goodbye to, kiss goodbye to, put an end to, stop
        in its tracks, stave off, keep at bay, wipe out, knock out, kick, beat back, rid, undo,
        outsmart, tackle, address, target, resist, shorten, bring down, cut, quiet, balance, break
        up, rebuild, take the edge off, help, recover from, avoid
        """
    ),
    "drug_verbs": ["cure", "treat", "heal", "remedy", "mitigate"],
    "nouns": _phrases(
        """
        relief, remedy, remedies, cure, cures, cure-all, protection, defense, defence, antidote,
        fighter, killer, buster, blocker, reversal, protective, preventive, preventative,
        therapeutic, curative, healer, no more, goodbye, fewer, less, milder, shorter, less
        frequent, less severe, less intense, rarer, recovery, never catch, never get, no longer
        suffer, never suffer, for the treatment of, in the treatment of, for the prevention of, in
        the prevention of, for the management of, in the management of, for treating, for
        preventing
        """
    ),
    # Outcomes told after what they happened to: "the eczema cleared up", "my glucose went from
    # 180 to 110", "the migraines stopped".
    "outcomes": _phrases(
        """
        cleared up, cleared, faded, disappeared, went away, gone away, vanished, subsided, healed,
        healed up, is gone, are gone, was gone, were gone, stopped, got better, eased off, went
        from, went down, came down, dropped, fell, is down, was down, normalized, normalised,
        returned to normal, are a thing of the past, is a thing of the past, never came back, no
        longer
        """
    ),
    "prepositions": ["for", "against", "anti"],
    # Noun suffixes after a disease: "cancer-fighting", "arthritis-busting", "flu-free".
    "suffixes": ["fighting", "busting", "blocking", "beating", "preventing", "free", "proof"],
    # Words after what the effect acts on: "keeps migraines away", "stops it in its tracks".
    "closings": _phrases(
        """
        away, at bay, in its tracks, in their tracks, from coming back, down, under control, in
        check, to rest, packing
        """
    ),
    # Verbs that make a claim with a closing after the object: "brought my blood pressure down",
    # "puts flare-ups to rest", "sends eczema packing".
    "particle_verbs": _phrases(
        """
        bring, put, get, knock, take, send, keep, kick, beat
        """
    ),
}
# "treatment", "therapy" and the like are often the reader's own care ("your treatment", "the
# treatment of fibromyalgia is planned with a specialist"): they count only after one of these.
WEAK_NOUN_OPENERS = _phrases(
    """
    a, an, natural, herbal, effective, great, good, best, safe, gentle, proven, useful, helpful,
    powerful, alternative, complementary, used, use, as, nature's, simple, new, real, true, home,
    ideal, perfect, excellent
    """
)
WEAK_NOUNS = _phrases(
    """
    treatment, treatments, therapy, therapies, prevention, management, control, reduction, help,
    support, aid, medicine, answer, solution, fix, healing
    """
)

# Structure/function wording: "maintain healthy", "supports normal". An effect on a measure or
# complaint phrased as maintenance is not a disease claim.
MAINTENANCE = _phrases(
    """
    maintain, support, promote, sustain, keep, encourage, nourish, contribute to, helps maintain,
    healthy, normal, balanced
    """
)

# Who the product is for, when they have a disease: "supports healthy joints in people with
# osteoarthritis" aims structure/function wording at the disease.
PATIENTS = _phrases(
    """
    in people with, for people with, in those with, for those with, in patients with, for
    patients with, in anyone with, for anyone with, in adults with, for adults with, in children
    with, for children with, in women with, for women with, in men with, for men with, for
    sufferers of, in sufferers of, if you have, if you suffer from, living with
    """
)

# "Already within the normal range": a measure kept where it is, not a disease treated.
NORMAL_RANGE = _phrases(
    """
    already within the normal range, within the normal range, within normal range, in the normal
    range, within a healthy range, already in the normal range, already normal, already healthy, in
    a healthy range
    """
)

# FDA's non-disease qualifiers: the complaint is occasional, mild or part of a natural state.
QUALIFIERS = _phrases(
    """
    occasional, occasionally, mild, minor, temporary, everyday, day-to-day, ordinary, normal,
    common, simple, transient, now and then, from time to time, after exercise, following exercise,
    after a workout, after workouts, after training, after physical activity, after exertion,
    post-exercise, post-workout, exercise-induced, after sport, after sports, from exercise, from
    overexertion, due to exercise, due to overexertion, caused by exercise, associated with aging,
    associated with ageing, associated with age, that comes with age, of aging, age-related,
    associated with the menstrual cycle, associated with menstruation, of the menstrual cycle,
    during your period, before your period, menstrual, premenstrual, PMS, associated with pregnancy,
    during pregnancy, of pregnancy, associated with menopause, during menopause, menopausal, of
    menopause, perimenopause, jet lag, travel, a long day, a busy day, stressful days, hectic days
    """
)
# Words that make a natural complaint abnormal again (criterion (iii)): "severe morning sickness".
SEVERITY = ["severe", "chronic", "persistent", "debilitating", "crippling", "unbearable", "acute"]

# Drug classes (criterion (viii)): the product said to be one of them is said to treat disease.
DRUG_CLASSES: dict[str, str] = _pairs(
    """
    antidepressant: mood, antidepressants: mood, antibiotic: immune, antibiotics: immune, antiviral:
    immune, antivirals: immune, antibacterial: immune, antimicrobial: immune, antifungal: immune,
    antiseptic: immune, antibiotic properties: immune, vaccine: immune, analgesic: muscles,
    analgesics: muscles, painkiller: muscles, painkillers: muscles, pain reliever: muscles, pain
    killer: muscles, anti-inflammatory: joints, anti-inflammatories: joints, NSAID: joints, NSAIDs:
    joints, anti-anxiety: stress, anxiolytic: stress, tranquilizer: stress, tranquiliser: stress,
    sedative: sleep, sleeping pill: sleep, sleeping pills: sleep, sleep aid drug: sleep, laxative:
    digestion, laxatives: digestion, diuretic: urinary, diuretics: urinary, antacid: digestion,
    antacids: digestion, antihistamine: immune, antihistamines: immune, decongestant: immune,
    anticoagulant: heart, blood thinner: heart, blood thinners: heart, statin: cholesterol, statins:
    cholesterol, beta blocker: heart, beta blockers: heart, ACE inhibitor: heart, anticonvulsant:
    nerves, antipsychotic: mood, anticancer: cells, anti-cancer: cells, antitumor: cells,
    anti-tumor: cells, chemotherapeutic: cells, antidiabetic: blood_sugar, anti-diabetic:
    blood_sugar, antihypertensive: heart, anti-arthritic: joints, antiarrhythmic: heart, antiemetic:
    digestion, antispasmodic: muscles, muscle relaxant: muscles, muscle relaxants: muscles, SSRI:
    mood, SSRIs: mood, MAOI: mood, benzodiazepine: stress, benzodiazepines: stress, opioid: muscles,
    opioids: muscles
    """
)
# Of those, the adjectives: a claim wherever they describe the product ("antiviral properties").
DRUG_CLASS_ADJECTIVES = _phrases(
    """
    antiviral, antibacterial, antimicrobial, antifungal, antiseptic, analgesic, anti-inflammatory,
    anticancer, anti-cancer, antitumor, anti-tumor, antidiabetic, anti-diabetic, antihypertensive,
    anti-arthritic, antiarrhythmic, anxiolytic, anticonvulsant, antiemetic, antispasmodic,
    chemotherapeutic, anti-anxiety, antibiotic properties
    """
)

# Drugs by name, including ingredients FDA has regulated as drugs (criterion (v)).
DRUGS = _phrases(
    """
    Prozac, fluoxetine, Zoloft, sertraline, Paxil, Lexapro, Celexa, Wellbutrin, Xanax, alprazolam,
    Valium, diazepam, Ativan, Ambien, zolpidem, melatonin pills, Viagra, sildenafil, Cialis,
    aspirin, ibuprofen, Advil, Motrin, Aleve, naproxen, Tylenol, acetaminophen, paracetamol,
    codeine, morphine, oxycodone, metformin, insulin, glipizide, Ozempic, semaglutide, Lipitor,
    atorvastatin, Crestor, simvastatin, warfarin, Coumadin, Eliquis, Plavix, lisinopril, amlodipine,
    Lasix, furosemide, levothyroxine, Synthroid, Ritalin, Adderall, penicillin, amoxicillin,
    Tamiflu, Nexium, omeprazole, Prilosec, Zantac, Imitrex, sumatriptan, triptans, gabapentin,
    Lyrica, pregabalin, prednisone, cortisone, steroids, Benadryl, ephedrine, ephedra, digitalis,
    digoxin, quinine, colchicine, Botox, hormone replacement therapy, HRT, tamoxifen,
    methotrexate, lithium, clopidogrel, heparin, antiretrovirals
    """
)
# Treatments of disease other than a drug by name (criterion (x) and (ix)).
THERAPIES = _phrases(
    """
    chemotherapy, chemo, radiation therapy, radiotherapy, dialysis, surgery, medication,
    medications, medicine, medicines, prescription, prescriptions, prescription drugs, prescription
    medication, prescription medicines, drugs, drug, pills, pharmaceuticals, antibiotic treatment,
    your treatment, cancer treatment, blood pressure medication, diabetes medication, heart
    medication, pain medication, statin therapy, antibiotic use, inhaler, inhalers, insulin
    injections, injections, CPAP, EpiPen, blood pressure pills, sleeping pills
    """
)
# Germs: fighting them is fighting infection (criterion (i), a class of diseases).
GERMS = _phrases(
    """
    virus, viruses, bacteria, germs, pathogens, microbes, fungus, fungi, parasites, harmful
    bacteria, bad bacteria, superbugs, yeast overgrowth
    """
)

# Cues for the frames of criteria (v), (ix) and (x).
SUBSTITUTE_CUES = _phrases(
    """
    alternative to, alternatives to, instead of, replace, replacement for, substitute for,
    substitute, in place of, works like, acts like, act like, work like, as effective as, as good
    as, as strong as, as powerful as, better than, stronger than, rivals, mimics, similar to, stop
    taking, no need for, ditch, get off, wean off, come off, throw away, without the side effects
    of, without the need for, reduce your need for, less need for, swap, natural version of, herbal
    version of, same as, just like, outperform, outdo, on par with, gentler than, safer than,
    faster than, more effective than, works better than, more powerful than, as fast as, as
    gentle as, compared with, compared to, works as well as, work as well as, does the job of,
    eliminates the need for, eliminate the need for, reduce your reliance on, reduces your
    reliance on, less reliance on
    """
)
IMITATION_CUES = ["natural", "herbal", "nature's", "plant-based", "botanical", "drug-free"]
FORMULATION_CUES = _phrases(
    """
    contains, containing, made with, made from, source of, precursor of, precursor to, derived from,
    rich in, packed with, natural source of, includes
    """
)
AUGMENT_CUES = _phrases(
    """
    while taking, when taking, while on, when on, while using, during, alongside, along with,
    together with, in addition to, in conjunction with, adjunct to, as an adjunct, complement,
    complements, boost the effect of, boosts the effect of, enhance the effect of, enhances the
    effect of, boost the effects of, boosts the effects of, enhances the effects of, enhance the
    effects of, side effects of, side effects from, caused by, associated with, associated, induced
    by, induced, related, after taking, after a course of, with your, work better, works better,
    more effective, pairs with, paired with, pair it with, stack it with, stacks with, stacked with,
    work faster, works faster, work more effectively, works more effectively, side effects
    """
)

# The body's own response to a disease or its vector, which a product claims to support: (viii).
BODY_RESPONSE = _phrases(
    """
    body's ability, ability to resist, ability to fight, ability to ward off, body's defences,
    body's defenses, natural defences against, natural defenses against, immune response, immune
    defence, immune defense, immune system fight, immune system to fight, body fight, body to
    fight, body's response, resistance to, body's antiviral, body's antibacterial, body's
    antimicrobial, body's own antiviral, disease-fighting, infection-fighting
    """
)

# Who else acts on a disease: a sentence whose subject is the body, a medicine, a doctor or a
# regulator says nothing about the product ("The pancreas releases insulin to lower blood sugar",
# "Statins lower cholesterol", "The FDA warns about products that…"). Medicines come from the
# lists of drugs, drug classes and therapies.
ACTORS = _phrases(
    """
    body, pancreas, liver, kidneys, kidney, immune system, brain, heart, gut, cells, hormones,
    hormone, antibodies, white blood cells, doctor, doctors, physician, physicians, GP,
    surgeon, surgeons, nurse, nurses, dentist, pharmacist, FDA, the FDA, FTC, regulators, the
    agency, health authorities, NIH, WHO, researchers, scientists, exercise, regular exercise,
    weight loss, losing weight, a healthy diet, sleep deprivation, smoking, alcohol
    """
)
# Reported claims: a sentence about products that claim something makes no claim itself.
REPORTED = _phrases(
    """
    claim to, claims to, claimed to, claiming to, promise to, promises to, promising to, purport
    to, purports to, marketed as, advertised as, touted as, promoted as, sold as, marketed to,
    falsely, unproven claims, false claims, bogus, scam, scams, warning letter, warning letters
    """
)

# Quiet frames. A claim word after a negation, in a caution, in a hedge about research or in the
# disclaimer is not a claim.
NEGATIONS = _phrases(
    """
    not, no, never, cannot, can't, won't, isn't, doesn't, don't, didn't, aren't, wasn't, shouldn't,
    nor, neither, without, nothing, none, unlikely, neither, rather than, not intended, no evidence,
    is not, does not
    """
)
CAUTIONS = _phrases(
    """
    should not, shouldn't, must not, do not take, don't take, avoid it, avoid taking, avoid using,
    avoid high, avoid large, avoid this, avoid supplements, best avoided, should avoid, talk to,
    talk with, ask your, ask a, consult, check with, speak to, speak with, seek medical, see a
    doctor, see your doctor, medical advice, without advice, under medical supervision, under
    supervision, interact, interacts, interaction, interactions, interfere, interferes, hours apart,
    hours before, hours after, apart from, separate, planned with, with a specialist, with your
    doctor, your doctor, your pharmacist, your healthcare provider, your health care provider, not a
    substitute, not replace, keep taking, do not stop, don't stop, not recommended, unsafe,
    dangerous, risky, toxic, toxicity, overdose, worsen, caution, careful, be careful, warning,
    emergency, call your doctor, medical attention, without advice, under the care of
    """
)
# A hedge about the state of research: an adjective that needs a research word in the clause
# ("studies on migraine are limited"), or a phrase that says it alone ("more research is needed").
RESEARCH_NOUNS = _phrases(
    """
    study, studies, research, evidence, trial, trials, data, findings, results, science,
    researchers, scientists, review, reviews
    """
)
RESEARCH_HEDGES = _phrases(
    """
    limited, mixed, inconclusive, preliminary, lacking, sparse, scarce, weak, unclear, uncertain,
    conflicting, thin, few, small, not conclusive
    """
)
RESEARCH_PHRASES = _phrases(
    """
    more research, further research, more studies, more study, needs more study, has not been shown,
    have not been shown, not been proven, not proven, no good evidence, little evidence, no strong
    evidence, no clear evidence, not enough evidence, insufficient evidence, being studied, been
    studied, is studied, are studying, under study, been investigated, being investigated, it is not
    clear, it's not clear, remains to be seen, jury is still out, studied in, studied for, studied
    as, not known whether, unknown whether, have tested, has tested, were tested, was tested, trials
    tested, studies tested
    """
)
DISCLAIMERS = _phrases(
    """
    not been evaluated by the food and drug administration, not been evaluated by the fda, not
    intended to diagnose, not intended to treat, not medical advice
    """
)

# Overstatement: not one of FDA's ten criteria, but a promise no evidence gives. The shipped
# ``CLAIM_RULES`` (regular expressions); a site replaces them through that setting.
DEFAULT_CLAIM_RULES: list[dict[str, str]] = [
    {"pattern": r"\bclinically proven\b", "reason": "claims proof that studies rarely give"},
    {"pattern": r"\bscientifically proven\b", "reason": "claims proof that studies rarely give"},
    {"pattern": r"\bguarantee(?:s|d)?\b", "reason": "promises a result"},
    {"pattern": r"\bmiracle\b", "reason": "promises a result"},
    {"pattern": r"\bno side effects\b", "reason": "claims complete safety"},
    {"pattern": r"\b100\s?% (?:safe|effective)\b", "reason": "claims complete safety"},
    {"pattern": r"\bFDA[- ]approved\b", "reason": "supplements are not approved by the FDA"},
]

ENGLISH: dict[str, Any] = {
    "suggestions": SUGGESTIONS,
    "diseases": DISEASES,
    "natural_state_diseases": NATURAL_STATE_DISEASES,
    "symptoms": SYMPTOMS,
    "complaints": COMPLAINTS,
    "disease_symptoms": DISEASE_SYMPTOMS,
    "any_disease_symptoms": ANY_DISEASE_SYMPTOMS,
    "biomarkers": BIOMARKERS,
    "effects": EFFECTS,
    "weak_nouns": WEAK_NOUNS,
    "weak_noun_openers": WEAK_NOUN_OPENERS,
    "maintenance": MAINTENANCE,
    "normal_range": NORMAL_RANGE,
    "qualifiers": QUALIFIERS,
    "severity": SEVERITY,
    "drug_classes": DRUG_CLASSES,
    "drug_class_adjectives": DRUG_CLASS_ADJECTIVES,
    "drugs": DRUGS,
    "therapies": THERAPIES,
    "germs": GERMS,
    "substitute_cues": SUBSTITUTE_CUES,
    "imitation_cues": IMITATION_CUES,
    "formulation_cues": FORMULATION_CUES,
    "augment_cues": AUGMENT_CUES,
    "body_response": BODY_RESPONSE,
    "patients": PATIENTS,
    "actors": ACTORS,
    "reported": REPORTED,
    "negations": NEGATIONS,
    "cautions": CAUTIONS,
    "research_nouns": RESEARCH_NOUNS,
    "research_hedges": RESEARCH_HEDGES,
    "research_phrases": RESEARCH_PHRASES,
    "disclaimers": DISCLAIMERS,
    # The ICD-10-CM layer; a site sets this to False to match its own names only.
    "icd10cm": True,
}
SHIPPED = {"en": ENGLISH}

# ICD chapters (by the code's first letter) to the body system whose wording fits.
_ICD_SYSTEMS = _pairs(
    """
    A: immune, B: immune, C: cells, D: cells, E: energy, F: mood, G: nerves, H: eyes, I: heart, J:
    breathing, K: digestion, L: skin, M: joints, N: urinary, O: general, P: general, Q: general
    """
)


@cache
def icd10cm_names() -> tuple[tuple[str, str], ...]:
    """(name, body system) for each ICD-10-CM name in the shipped data file."""
    text = files(__package__).joinpath("data", "icd10cm.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, code = line.split("\t")
            rows.append((name, _ICD_SYSTEMS.get(code[0], "general")))
    return tuple(rows)


def merged(language: str, extra: dict[str, Any] | None) -> dict[str, Any]:
    """The lexicon for ``language``: the shipped one (if any) with a site's ``extra`` merged in.

    A list in ``extra`` adds to the shipped list; a dict adds to (or, with a value of ``None``,
    removes from) the shipped dict, one level down for the dicts of lists; any other value
    replaces the shipped one. A language nothing ships gets ``extra`` alone.
    """
    base = SHIPPED.get(language, {})
    result = dict(base)
    for key, value in (extra or {}).items():
        shipped = base.get(key)
        if isinstance(value, list) and isinstance(shipped, list):
            result[key] = shipped + value
        elif isinstance(value, dict) and isinstance(shipped, dict):
            combined = dict(shipped)
            for name, entry in value.items():
                if entry is None:
                    combined.pop(name, None)
                elif isinstance(entry, list) and isinstance(combined.get(name), list):
                    combined[name] = combined[name] + entry
                elif isinstance(entry, dict) and isinstance(combined.get(name), dict):
                    combined[name] = {**combined[name], **entry}
                else:
                    combined[name] = entry
            result[key] = combined
        else:
            result[key] = value
    return result
