# ruff: noqa: E501  (cue lists are long regular expressions, one a line)
"""The cue words of the schema reader's facts (:mod:`facts`): the words that end a noun phrase,
verbs of holding, gaining and losing, words that are no names, kinds of things ("fowl" counts
ducks and hens), and the cues of a question (in all, left, at first) and of a risky story. Pure
data; the reading is in :mod:`facts`."""

from __future__ import annotations

import re

from tutor.math.wordproblems.vocabulary import IRREGULAR_PAST

_PAST = set(IRREGULAR_PAST.values()) | {"came", "went", "left", "joined", "arrived", "decided"}


# words that end a noun phrase after a number
_STOP = {
    "and", "or", "in", "on", "at", "to", "from", "for", "of", "with", "each", "than", "more", "left", "that",
    "which", "who", "per", "every", "a", "an", "the", "but", "if", "so", "then", "now", "she", "he", "they",
    "it", "her", "his", "their", "into", "are", "is", "were", "was", "had", "has", "have", "do", "does", "did",
    "will", "would", "there", "after", "before", "altogether", "together", "total", "today", "yesterday",
    "this", "last", "over", "away", "out", "by", "as", "all", "while", "apiece", "fewer", "less",
    "about", "around", "across", "during", "when", "since", "until", "be", "been", "can", "could", "should",
    "its", "them", "him", "me", "us", "we", "i", "you", "not", "no", "under", "up", "down", "off", "through",
    "first", "second", "third", "next", "same", "other", "another", "both", "some", "any", "only", "also",
    "still", "just", "already", "yet", "instead", "because", "where", "what", "how", "many", "much", "own",
    "back", "home", "along", "too", "very", "long", "tall", "high", "wide", "old", "deep", "far",
    "living", "sitting", "standing", "playing", "swimming", "waiting", "parked", "growing", "sleeping",
    "flying", "working", "lying", "hanging", "cost", "costs", "weighs", "weigh", "holds", "contains", "takes", "makes", "pays", "earns", "sells", "outside", "inside", "between", "among", "within", "against", "like",
}  # fmt: skip


_VERB_SKIP = {"only", "another", "about", "exactly", "away", "up", "out", "back", "already", "just", "also", "all", "over", "around"}  # fmt: skip


_HOLD = {"has", "had", "have", "owns", "owned", "holds", "held", "contains", "contained", "is", "are", "was", "were", "counted", "counts", "with", "keeps", "kept", "possesses", "stored", "stores"}  # fmt: skip


_EXTRA_LOSE = {"sold", "sells", "finished", "finishes", "took", "takes", "spent", "wasted", "burned", "burnt", "killed", "released", "fed", "ate", "eats", "used", "uses", "drank", "gave", "lost", "popped", "broke"}  # fmt: skip


_EXTRA_GAIN = {"bought", "got", "received", "found", "collected", "picked", "caught", "won", "earned", "gathered", "added", "saved", "made", "baked", "grew", "planted", "borrowed", "took"}  # fmt: skip


_GROUP = re.compile(
    r"^(?:they|we|both|the\s(?:two|twins|kids|children|boys|girls|friends|family)|[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*,?\sand\s[A-Z][a-z]+)\b"
)


_UNREAD = re.compile(
    r"\b(?:(?:\w+-)?(?:thirds|fourths|fifths|sixths|sevenths|eighths|ninths|tenths|sixth|seventh|eighth|ninth|tenth)|pattern|continues?|half|halves|twice|double|doubled|triple|tripled|thrice|third|thirds|quarter|quarters|fourth|fifth|percent|percentage|several|few|ratio|fraction|average|remainder|none|decimal|squared?|area|perimeter|rate|speed|o'clock|a\.m|p\.m|dozens?|pairs?)\b|%|\d:\d|\d/\d",
    re.I,
)


_MULT = re.compile(
    r"\btimes\s(?:as|more|less|fewer|longer|bigger|larger|faster|greater|higher|heavier|older|taller|the|that|what)\b",
    re.I,
)


_PRONOUN = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}


_NAMEISH = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][a-z]+(?:'s)?\b")


_NOT_NAME = {"There", "The", "A", "An", "If", "After", "Before", "When", "While", "How", "What", "Each", "Every", "On", "In", "At", "During", "Then", "Now", "So", "But", "And", "She", "He", "They", "It", "We", "I", "His", "Her", "Their", "This", "That", "These", "Those", "Last", "Next", "Today", "Yesterday", "One", "Some", "All", "For", "From", "With", "Later", "Finally", "First", "Also", "Of", "To", "By", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Christmas", "Halloween", "Easter", "Valentine", "Mr", "Mrs", "Ms", "Dr", "Still", "Since", "Because", "Just", "Only", "Lastly", "Meanwhile", "Together", "Both", "Your", "My", "Our", "Its", "Until", "Once", "Although", "Even", "Unfortunately", "Luckily", "Afterwards", "Yet", "Besides", "Thus", "Over", "Under", "Around", "Across", "Through", "Throughout", "Within", "Without", "Near", "Inside", "Outside", "Behind", "Along", "Among", "Between", "Upon", "Into", "Soon", "Earlier", "Recently", "Usually", "Sometimes", "Overall", "Instead", "Here", "Where", "Why", "Who", "Which", "Whenever", "Tonight", "Tomorrow", "Initially", "Originally", "Eventually", "Suddenly", "Currently", "Previously", "Already", "Again", "However", "Therefore", "Moreover", "Furthermore", "Additionally", "Altogether"}  # fmt: skip


_UNITS = {"cm", "m", "km", "kg", "g", "mm", "ml", "l", "lb", "lbs", "oz", "ft", "mph", "in"}


_PLURAL_IRREGULAR = {"people", "children", "fish", "sheep", "deer", "men", "women", "feet", "mice", "geese", "teeth", "money", "candy", "corn", "mail", "gum", "paper", "bread", "water", "juice", "milk", "food", "fruit", "popcorn"}  # fmt: skip


_KINDS = {
    "person": {
        "person",
        "friend",
        "student",
        "kid",
        "child",
        "adult",
        "man",
        "woman",
        "girl",
        "boy",
        "guest",
        "player",
        "teacher",
        "parent",
        "visitor",
        "customer",
        "passenger",
        "worker",
        "member",
        "camper",
    },
    "child": {"child", "kid", "girl", "boy"},
    "kid": {"kid", "child", "girl", "boy"},
    "student": {"student", "girl", "boy"},
    "pupil": {"pupil", "student", "girl", "boy"},
    # kinds of animals, flowers, fruit: "28 chickens and 18 ducks. How many fowls?"
    "fowl": {"fowl", "chicken", "duck", "goose", "turkey", "hen", "rooster"},
    "animal": {
        "animal",
        "dog",
        "cat",
        "cow",
        "horse",
        "pig",
        "sheep",
        "goat",
        "duck",
        "chicken",
        "hen",
        "rabbit",
        "hamster",
        "goose",
        "turkey",
        "donkey",
        "lamb",
        "puppy",
        "kitten",
        "bird",
        "fish",
        "lion",
        "tiger",
        "bear",
        "zebra",
        "giraffe",
        "elephant",
        "monkey",
        "penguin",
    },
    "pet": {
        "pet",
        "dog",
        "cat",
        "fish",
        "bird",
        "hamster",
        "rabbit",
        "parrot",
        "turtle",
        "puppy",
        "kitten",
        "goldfish",
        "guinea pig",
    },
    "flower": {
        "flower",
        "rose",
        "tulip",
        "daisy",
        "lily",
        "carnation",
        "sunflower",
        "orchid",
        "violet",
        "daffodil",
        "peony",
    },
    "fruit": {
        "fruit",
        "apple",
        "orange",
        "pear",
        "banana",
        "peach",
        "plum",
        "grape",
        "mango",
        "lemon",
        "apricot",
        "cherry",
        "kiwi",
        "melon",
        "watermelon",
        "strawberry",
        "pineapple",
        "coconut",
        "blueberry",
        "raspberry",
        "papaya",
        "guava",
        "lime",
        "grapefruit",
        "nectarine",
    },
    # more kinds of one thing: coins, vegetables, birds, insects, fish, trees, vehicles, utensils,
    # instruments ("2 dimes, 2 nickels and 7 quarters: how many coins?")
    "coin": {"coin", "penny", "nickel", "dime", "quarter"},
    "vegetable": {
        "vegetable",
        "carrot",
        "potato",
        "tomato",
        "onion",
        "cucumber",
        "pepper",
        "cabbage",
        "lettuce",
        "broccoli",
        "eggplant",
        "zucchini",
        "pumpkin",
        "squash",
        "radish",
        "beet",
        "turnip",
    },
    "bird": {
        "bird",
        "robin",
        "sparrow",
        "pigeon",
        "crow",
        "parrot",
        "eagle",
        "owl",
        "swan",
        "dove",
        "hawk",
        "seagull",
        "canary",
        "cardinal",
        "bluejay",
        "finch",
        "duck",
        "goose",
        "penguin",
        "flamingo",
        "peacock",
    },
    "insect": {
        "insect",
        "ant",
        "bee",
        "beetle",
        "butterfly",
        "moth",
        "ladybug",
        "grasshopper",
        "cricket",
        "fly",
    },
    "fish": {
        "fish",
        "goldfish",
        "catfish",
        "trout",
        "salmon",
        "bass",
        "herring",
        "tuna",
        "cod",
        "carp",
        "sturgeon",
        "pike",
    },
    "tree": {"tree", "oak", "maple", "pine", "birch", "willow", "elm", "palm", "cedar", "spruce", "fir"},
    "vehicle": {"vehicle", "car", "truck", "bus", "van", "motorcycle", "bicycle", "bike", "tractor", "jeep"},
    "utensil": {"utensil", "spoon", "fork", "knife"},
    "instrument": {
        "instrument",
        "guitar",
        "piano",
        "drum",
        "violin",
        "flute",
        "trumpet",
        "cello",
        "harp",
        "clarinet",
        "saxophone",
    },
}


_TOTAL_Q = re.compile(
    r"\b(?:in\sall|altogether|all\stogether|in\stotal|total|totally|totaled|together|combined|in\sboth|both|all)\b",
    re.I,
)


_LEFT_Q = re.compile(r"\b(?:left|remain|remaining|remains|still|now|rest|after)\b", re.I)


_FIRST_Q = re.compile(
    r"\b(?:at\sfirst|initially|originally|to\sbegin\swith|in\sthe\sbeginning|at\sthe\s(?:start|beginning)|start(?:ed)?\swith|before)\b",
    re.I,
)


_COMPARE = re.compile(
    r"\b(?:more|fewer|less|taller|shorter|longer|older|younger|heavier|lighter|than|as\smany|as\smuch)\b",
    re.I,
)


_STORY_BAD = re.compile(
    r"\b(?:total|in\sall|altogether|left|remain|remaining|rest|some|each|every|per|apiece|than|now|still|needs?|wants?|fewer|less|not|n't|instead|without|except|(?<!the\s)back|returned|same|lost|gave|ate|spent|sold|used|other|away|broke|broken|cracked|bad|good|rotten)\b|n't",
    re.I,
)


_RATE_VERB = r"(?:(?:can|could|will|would|should|must|may)\s)?(?:[a-z]+|has|had|have|holds?|held|contains?|contained|fits?|carries|carried|seats?|takes?|needs?|uses?|used|gets?|got|costs?|makes?|made|weighs?|is|was|are|were|hold|contain|fit|carry|seat|take|need|use|get|cost|make|weigh|sold\sfor|sells\sfor|holding|containing)"
