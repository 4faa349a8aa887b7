"""The text rules of the letter linter (``spec/lint.md``): phrase patterns over normalised sentences.

How a message is read:

1. It is cut into sentences (:func:`matchpilot.letters.text.sentences`) and each sentence into clauses where
   its meaning turns (``but``, ``however``, ``;``). Quoted reply lines (``>``) are skipped.
2. Each clause is normalised (lower case, contractions spelled out, ``#1`` → ``number one``).
3. Content patterns say *what* a clause is about (the program ranking me, a promise, a position outside the
   Match, the applicant's own ranking plan). Whether it *asks* is read from the sentence: a question mark or a
   request frame ("please let me know", "I would appreciate knowing", "any insight into").
4. A clause that acknowledges the rules before the match ("I understand programs cannot share ...", "I am not
   asking ...") or negates the claim ("I cannot promise to rank anyone first yet") is quiet.
5. One finding per rule and sentence; the span is the clause (the sentence for tone rules, the field itself
   for placeholders). A conditional promise absorbs the request and the first-choice claim inside it, and a
   request for commitment absorbs an ask-rank in the same clause.

The patterns catch paraphrases, not only the spec's wording; ``tests/letters_corpus`` measures how well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matchpilot.letters import intent
from matchpilot.letters.findings import RULES, Finding
from matchpilot.letters.intent import MODEL_RULES, message_scores, score_sentences
from matchpilot.letters.stack import Stacker, evidence, load_stacker
from matchpilot.letters.text import Piece, clauses, normalise, sentences

__all__ = ["lint_patterns", "lint_text", "placeholder_spans", "stack_evidence"]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{part})" for part in parts))


# --- shared fragments ---------------------------------------------------------------------------------------

_W = r"(?:[\w&'.-]+\s+)"  # one word and the space after it
_ME = r"(?:me|my application|my candidacy|my name|my file)"
_LIST = (
    r"(?:(?:your|the|its|their|program's|program|final|rank|ranking|rank order|match)\s+)+list\b"
    r"|\brank order\b|\bmatch (?:list|range|line)\b|\bmatchable\b"
)
_NOT_A_RANK_LIST = re.compile(
    r"\b(?:mailing|wait|waiting|email|distribution|interview|contact|alternate|badge|attendee|attendance|guest"
    r"|participant|invite|invitation|reading|call|sign up|signup|dinner|parking)\s+list|\bwaitlist"
)

# --- request frames (read on the whole sentence) ------------------------------------------------------------

_REQUEST = _rx(
    r"\b(?:let me know|tell me|inform me|advise me|update me|keep me (?:posted|informed|updated)|get back to me)\b",
    r"\b(?:share|confirm|clarify|indicate|disclose|reveal)\b",
    r"\b(?:any|some|an|a|more|further)\s+(?:\w+\s+)?(?:insight|information|info|indication|idea|sense|feedback|hint"
    r"|clarity|guidance|news|signal|clue|update)\b",
    r"\bwondering\b|\brequest(?:ing)? (?:\w+ )?(?:information|details|clarification|feedback|an update)\b",
    r"\b(?:enquire|inquire|enquiring|inquiring|enquiry|inquiry)\b",
    r"\bi (?:humbly )?beg to (?:know|enquire|inquire|ask)\b",
    r"\b(?:i|we) (?:would|should|will|do|really) (?:\w+ )?(?:like|love|appreciate|welcome|value|be grateful"
    r"|be thankful|be glad|be happy|be appreciative|be interested|be curious|be obliged)\b",
    r"\bi (?:am|was) (?:\w+ )?(?:wondering|curious|eager|anxious|keen)\b",
    r"\bi (?:am|was) hoping (?:that )?(?:you|to (?:know|learn|hear|find out|understand|see))\b",
    r"\bi wonder\b|^(?:\w+ )?(?:just |only )?(?:curious|wondering) (?:whether|if|about|how|where)\b",
    r"\bi (?:just |only |simply |really |also )?(?:want|wanted|need|needed|hope|hoped|would like|am trying"
    r"|was trying) to (?:\w+ )?(?:know|learn|hear"
    r"|find out|understand|ask|confirm|check|see|clarify)\b",
    r"\b(?:could|would|can|will|might) you\b|\bwould it be possible\b|\bis it possible\b",
    r"\bif you (?:could|would|can|might|were able to|are able to)\b",
    r"\b(?:may|can|might) i (?:\w+ )?ask\b|\bi (?:am|was) (?:\w+ )?(?:asking|requesting|looking for|seeking)\b",
    # "May I know sir what...", "just wanted to ask whether...": the frame without its subject or its "ask"
    r"\b(?:may|can|could|might) i (?:\w+ )?(?:know|learn|be told|be informed)\b",
    r"(?:^|[,;:] |\b(?:sir|madam|ma'am|doctor|dr) )(?:just |only |also )?(?:want|wanted|wish|wished|need|needed)"
    r" to (?:\w+ )?(?:ask|know|enquire|inquire|check|confirm)\b",
    r"\bi (?:kindly |respectfully |humbly )?(?:ask|request|seek)\b",
    r"\bplease\b|\bkindly\b|\bappreciated\b|\bhelpful\b|\bgrateful (?:for|if)\b",
    r"\b(?:just )?checking (?:in|whether|if|on)\b|\bwriting to (?:ask|enquire|inquire|know|check|find out)\b"
    r"|\bany word\b|\b(?:put|set) my mind at (?:ease|rest)\b|\bfollowing up (?:to|on whether)\b"
    # "I simply wanted you to know where I stand": telling the program, not asking it
    r"|(?<!\byou )\bto (?:see|know|learn|hear|find out) "
    r"(?:whether|if|where|how|what)\b",
)


def _asks(sentence: Piece) -> bool:
    return sentence.is_question or _REQUEST.search(sentence.norm) is not None


# --- negation and acknowledgement (read in the clause, before the match) ------------------------------------

_NEGATED_REQUEST = _rx(
    r"\b(?:not|never|no need to|without|nor)\s+(?:\w+\s+){0,2}?(?:ask|asking|asked|inquire|inquiring|request"
    r"|requesting|seek|seeking|expect|expecting|looking for|want|wanting|need|needing|pressing|pressure)\b",
    r"\b(?:understand|know|knowing|recognize|recognise|realize|realise|aware|respect|appreciate|mindful"
    r"|acknowledge)\b(?:\s+[\w'.,&-]+){0,14}?\s+(?:cannot|can not|not (?:able|allowed|permitted|supposed|share"
    r"|disclose|discuss|tell|reveal|ask|in a position)|unable|may not|must not|should not|confidential|prohibit"
    r"|forbid|against)",
)
_NEGATED_CLAIM = re.compile(
    r"\b(?:not|never|cannot|can not|unable|no longer|yet to|too early|undecided|whether)\b(?:\s+[\w'.&-]+){0,6}\s*$"
)


def _negated(norm: str, at: int, pattern: re.Pattern[str]) -> bool:
    """True when ``pattern`` matches in ``norm`` starting before position ``at``."""
    return any(match.start() < at for match in pattern.finditer(norm))


# --- ask-rank -----------------------------------------------------------------------------------------------

_SOME_PLACE = (
    r"(?:a|an|any|another|some|one|the right|a good)\s+(?:[\w-]+\s+){0,2}?(?:program|programs|place|places|hospital"
    r"|hospitals|residency|residencies|spot|institution)\b"
)
"""*A* program or place, not this one ("a program near my family", "another hospital")."""
_ANYWHERE = r"(?:anywhere|somewhere|elsewhere)\b"
_ANY_MATCH = re.compile(
    r"\bwhether or not\s+(?:\w+\s+){0,5}?match(?:es|ed|ing)?\b[^,.;?!]{0,40}"
    r"|\b(?:whether|if)\s+(?:\w+\s+){0,5}?match(?:es|ed|ing)?\b[^,.;?!]{0,40}?\bor\s+(?:elsewhere|anywhere"
    r"|somewhere|another|other|any|a)\b[^,.;?!]{0,30}"
    rf"|\bmatch(?:es|ed|ing)?\s+(?:with|at|into|in|to)\s+{_SOME_PLACE}|\bmatch(?:es|ed|ing)?\s+{_ANYWHERE}"
)
"""Matching anywhere, not at this program: a hope about the season, no rank cue ("whether I match with you or
elsewhere", "whether I will match with a program near my family", "whether or not I match with you": whatever
the outcome)."""
_SOME_PROGRAM = rf"(?!\s+{_SOME_PLACE}|\s+{_ANYWHERE})"
"""Not about *this* program: whether the applicant will match with *a* program, anywhere ("I wonder whether I will
match with a program near my family") is a hope about the season, not a question about the program's ranking."""

_ASK_RANK = _rx(
    # the program ranking me: "how you will rank me", "ranking me", "rank my application"
    rf"\b(?:rank|ranks|ranked|ranking|rate|rates|rated|rating)\s+{_ME}\b",
    # placing me on the list: "place me on your rank list", "include me on your list"
    rf"\b(?:place|places|placed|placing|put|puts|putting|list|listed|slot|slotted|position|positioned|include"
    rf"|included|including|have|see|consider)\s+(?:me|my name|my application)\s+(?:{_W}){{0,4}}?(?:on|in|at|within"
    rf"|near|toward|towards|among)\s+(?:the\s+)?(?:top\s+of\s+|bottom\s+of\s+)?(?:{_LIST})",
    # passive: "whether I will be ranked", "I'll be placed", "am I ranked", "will I be ranked"
    r"\b(?:i|me)\s+(?:[\w']+\s+){0,3}?(?:be|been|being|get|got|getting|am|was|is)\s+(?:\w+\s+)?(?:ranked|placed"
    r"|listed|rated)\b(?!\s+(?:on|in)\s+(?:the|a|your)\s+(?:interview|wait|alternate|mailing))",
    r"\b(?:will|would|am|was|could|might|may|shall|have|has|do|did)\s+i\s+(?:\w+\s+){0,3}?(?:be\s+|been\s+|get\s+)?"
    r"(?:ranked|placed|listed)\b(?!\s+(?:on|in)\s+(?:the|a|your)\s+(?:interview|wait|alternate|mailing))",
    # "my ranking", "my standing", "my position on your list", "my chances of matching"
    r"\bmy\s+(?:current\s+|likely\s+|final\s+|overall\s+|exact\s+|relative\s+)?(?:rank|ranking|standing|rating)\b"
    r"(?!\s+(?:order\s+)?list)(?!\s+order)",
    rf"\bmy\s+(?:current\s+|likely\s+|final\s+|exact\s+|relative\s+)?(?:position|place|spot|placement|status)\s+"
    rf"(?:on|in|within|among|amongst|between)\s+(?:{_W}){{0,2}}?(?:{_LIST}|applicants|candidates|interviewees)",
    # frames without "rank": which end of the list (or "of yours", "of the table") I sit at; one of the people
    # the program plans or expects to rank or match; the status of my selection; the selected list
    rf"\bwhich\s+(?:end|half|side|part)\s+of\s+(?:{_W}){{0,3}}?(?:{_LIST}|yours|the table|the order|the ranking"
    rf"|the pile|the queue)",
    r"\b(?:i am|am i|i will be|i would be|i be|is my name|my name is)\s+(?:\w+\s+)?one of the\s+(?:\w+\s+){0,2}?"
    r"(?:applicants|candidates|people|ones|names|residents|interviewees|folks)\s+(?:that\s+|whom\s+|who\s+)?"
    r"(?:you|the program|your program|the committee|your committee|they)\s+(?:\w+\s+){0,3}?(?:rank|match|select"
    r"|take|choose|pick)\b",
    r"\b(?:status|state)\s+of\s+(?:my\s+)?(?:selection|ranking|rank)\b|\bmy\s+(?:selection|ranking|rank|match)\s+"
    r"status\b",
    r"\b(?:in|on|into)\s+(?:the|your)\s+(?:selected|selection|merit|final selection)\s+list\b",
    r"\bwhere\s+(?:my name|i|my application)\s+(?:will|would|might|is going to|is likely to)\s+(?:be|sit|land"
    r"|appear|fall|end up)\s+(?:on|in)\s+it\b",
    r"\b(?:chance|chances|odds|likelihood|probability|possibility|prospects?|shot)\s+(?:\w+\s+){0,2}?(?:of|at|for"
    r"|that)\s+(?:me\s+|i\s+)?(?:\w+\s+)?(?:matching|match|matched|being ranked|be ranked|getting ranked|a match"
    r"|getting in|landing a spot|selection|being selected|getting selected|be selected)\b",
    # considered for a ranked position; in the first places of your ranking; see me as matched
    r"\bconsider(?:ed|ing)?\s+(?:me\s+)?(?:for|in)\s+(?:a|an|one of|your|the)\s+(?:\w+\s+)?(?:ranked|ranking|rank"
    r"|matched)\b",
    r"\b(?:i|me|my name|my application)\s+(?:\w+\s+){0,4}?(?:in|among|within|into)\s+(?:the\s+)?(?:first|top|upper"
    r"|initial|higher)\s+(?:\w+\s+)?(?:places|positions|ranks|spots|part|half|third|quarter)\s+(?:of|on|in)\s+"
    r"(?:your|the)\s+(?:\w+\s+)?(?:rank|ranking|list|merit)",
    r"\b(?:see|sees|view|views|regard|regards)\s+me\s+as\s+(?:\w+\s+){0,5}?(?:matched|ranked|rankable|match)\b",
    # where I stand / fall / land
    r"\bwhere\s+(?:do\s+|does\s+|did\s+|would\s+|will\s+|might\s+|could\s+|exactly\s+)?(?:i|my application"
    r"|my candidacy|my name)\s+(?:\w+\s+){0,2}?(?:stand|stands|stood|fall|falls|fell|land|lands|landed|rank|ranks"
    r"|ranked|placed|end up|ends up|ended up|figure|rate|rates|rated)\b(?!\s+out)"
    r"(?!(?:\s+\w+){0,6}\s+(?:interview|invitation|application status"
    r"|visa|(?<!ranking )(?<!rank )(?<!selection )process|timeline))",
    rf"\bwhere\s+(?:do\s+|would\s+|will\s+)?(?:i|my application|my name)\s+(?:\w+\s+){{0,2}}?(?:am|is|fit|fits"
    rf"|sit|sits|appear|appears|be|might be|would be|will be)\s+(?:{_W}){{0,3}}?(?:on|in|within|among)\s+"
    rf"(?:{_W}){{0,2}}?(?:{_LIST}|applicants|candidates)",
    rf"\bwhere\s+(?:you|the program|your program|the committee|your team|they)\s+(?:{_W}){{0,4}}?(?:rank|place"
    rf"|put|list|see|have|slot)\s+{_ME}\b",
    # ranked to match / high enough to match / within your match range
    r"\b(?:ranked|rank|ranking|high|highly|enough|placed)\s+(?:\w+\s+){0,3}?to\s+match\b",
    r"\b(?:within|in|inside|above|below)\s+(?:your|the)\s+(?:program's\s+)?(?:match(?:able)?\s+(?:range|line|zone)"
    r"|positions)\b",
    # on / onto / near the top of your list
    rf"\b(?:am\s+i|i\s+am|i\s+was|was\s+i|is\s+my\s+name|my\s+name|my\s+application|will\s+i|i\s+will|i|did\s+i)\s+"
    rf"(?:{_W}){{0,4}}?(?:be|make it|made it|make|made|appear|appears|show up|end up|land|am|is|was)?\s*(?:on|onto"
    rf"|in|near|at|within|toward|towards|high on|low on|into)\s+(?:the\s+(?:top|bottom)\s+of\s+)?(?:{_LIST})",
    rf"\b(?:make|made|making)\s+(?:it\s+(?:on|onto)\s+)?(?:{_LIST})",
    r"\b(?:make|made|making)\s+the\s+cut\b",
    # how high / how I compare
    r"\bhow\s+(?:high|highly|far down|low|well|favorably|favourably|strongly)\s+(?:up\s+)?(?:am\s+i|i\s+am"
    r"|i\s+will\s+be|i\s+would\s+be|i\s+rank|i\s+ranked|i\s+placed|do\s+i\s+rank|my\s+application\s+is"
    r"|(?:you|the program|your program|the committee|they)\s+(?:\w+\s+){0,3}?(?:rank|ranked|rate|rated|view|viewed"
    r"|regard|regarded|place|placed)\s+(?:me|my))",
    r"\bhow\s+(?:do\s+|does\s+|would\s+|will\s+|did\s+)?(?:i|my application|my candidacy)\s+(?:\w+\s+)?(?:compare"
    r"|compares|compared|rank|ranks|ranked"
    r"|stack|stacks|measure|measures|fare|fares|stand|stands|am positioned|is positioned|am ranked|is ranked"
    r"|am placed|is placed|am rated|is rated)\b(?!\s+out)",
    r"\b(?:i|me|my application|my candidacy)\b[^.?!]{0,60}?\b(?:relative to|compared (?:to|with)|against|versus)"
    r"\s+(?:the\s+)?(?:other|rest of the|remaining)\s+(?:\w+\s+)?(?:applicants|candidates|interviewees)",
    # which number / position
    r"\bwhat\s+(?:number|position|spot|place|rank|tier|ranking)\s+(?:\w+\s+){0,3}?(?:i|me)\b",
    # am I in the top third of your list
    r"\b(?:am i|i am|whether i|if i|i will be|i would be|will i be|my application is|is my application)\s+"
    r"(?:\w+\s+){0,2}?(?:in|within|among|near|at)\s+(?:the\s+|your\s+|its\s+)?(?:top|bottom|upper|lower|middle)\b",
    # will I match / am I likely to match / do I have a chance
    r"\b(?:am|will|would|could|should|do|can)\s+i\s+(?:\w+\s+){0,3}?(?:match|matching)\s+(?:at|with|into|to|here"
    r"|there|in)\b" + _SOME_PROGRAM,
    r"\b(?:am\s+i|i\s+am|i\s+would\s+be|i\s+will\s+be|i\s+was)\s+(?:\w+\s+)?(?:likely|going|expected|able|set)\s+to"
    r"\s+(?:\w+\s+)?match\b",
    r"\bi\s+(?:will|would|can|could|might|may)\s+(?:\w+\s+)?match\s+(?:at|with|into|here|there)\b" + _SOME_PROGRAM,
    r"\b(?:do|does)\s+i\s+(?:still\s+|even\s+|really\s+)?(?:have|stand)\s+(?:a|any)\s+(?:\w+\s+)?(?:chance|shot)\b"
    r"(?!\s+to\s+(?!match|be ranked))",
    # ranking decisions about me
    r"\b(?:rank|ranking)\s+(?:decision|decisions|status|outcome|position|information)\s+(?:\w+\s+){0,2}?(?:about"
    r"|regarding|on|for|of)\s+(?:me|my)\b",
    r"\b(?:decided|decide|determined|finalized|finalised|settled)\s+(?:\w+\s+){0,2}?(?:where|how high|whether)\s+"
    r"(?:to\s+)?(?:rank|place|put|list)\b",
)


# --- request-commitment -------------------------------------------------------------------------------------

_COMMIT_OBJECT = (
    r"(?:me\b|i\b|my\b|that\b|a spot|a position|a place|a seat|an? offer|an interview|to rank|ranking|to match"
    r"|match|matching|one of)"
)
_REQUEST_COMMITMENT_ASKED = _rx(
    # you promise / guarantee / assure / commit (asked)
    rf"\b(?:you|your program|the program|your team|the committee|they)\s+(?:\w+\s+){{0,3}}?(?:promise|guarantee"
    rf"|assure|reassure|commit|pledge|vouch for)\s+(?:to\s+)?(?:\w+\s+)?{_COMMIT_OBJECT}",
    r"\b(?:promise|guarantee|assure|reassure)\s+me\b",
    # willing to rank me / offer me a position
    r"\b(?:willing|able|prepared|ready|open|agreeable|inclined)\s+to\s+(?:\w+\s+)?(?:rank|place|put|list|offer"
    r"|give|extend|hold|reserve|promise|guarantee)\s+(?:me|my|a position|a spot)\b",
    r"\b(?:offer|offering|give|giving|extend|extending)\s+me\s+(?:a|an|one)\s+(?:\w+\s+)?(?:position|spot|place"
    r"|seat|slot|contract)\b",
    r"\b(?:can|could|may)\s+i\s+(?:\w+\s+)?count\s+on\b(?!\s+(?:you|your\s+\w+|the\s+\w+|dr\.?\s+\w+)\s+(?:to\s+)?"
    r"(?:forward|send|pass|share|email|mail|copy|upload|sign|write|submit|reply|respond|help|check|look|review|let"
    r"|tell|inform|give|introduce|connect|schedule|arrange|call|meet)\b)",
    r"\b(?:confirm|assure me|guarantee)\s+(?:\w+\s+){0,2}?that\s+(?:my|i)\b[^.?!]{0,50}?\b(?:will|would|am going to)"
    r"\s+(?:\w+\s+){0,3}?(?:be ranked|match|be matched|be high|be on|be at|be placed|be taken|be selected|enough)",
    r"\b(?:any|a|some)\s+way\s+(?:to|of|for me to)\s+(?:\w+\s+)?(?:secure|get|guarantee|lock in|obtain|reserve)\s+"
    r"(?:a|an|my)\s+(?:\w+\s+)?(?:position|spot|place|seat)",
)
_REQUEST_COMMITMENT = _rx(
    # an assurance about a rank or place: "any assurance about where I will be placed", "a guarantee on my spot"
    r"(?<!\bno )(?<!\bnot a )(?<!\bwithout )\b(?:assurance|assurances|reassurance|guarantee|certainty|promise)\s+"
    r"(?:about|regarding|on|concerning|as to|of where|of how)\b[^.?!]{0,50}?\b(?:rank\w*|list|place|placed|spot"
    r"|position|seat|match|matching|matched)\b",
    # a commitment / assurance from you
    r"\b(?:a|any|some|your|an|the)\s+(?:\w+\s+)?(?:commitment|guarantee|assurance|assurances|reassurance"
    r"|promise|pledge|certainty|word)\s+(?:\w+\s+)?(?:from\s+(?:you|your|the)|that\s+(?:i|my|you|your|the)"
    r"|of\s+(?:a|an|being|my)|regarding\s+my|about\s+my|to\s+rank)",
    # outside the Match
    r"\bprematch\b",
    r"\b(?:position|spot|place|seat|offer|contract|agreement|deal|commitment|arrangement|acceptance)\b[^.?!]{0,60}?"
    r"\b(?:outside|before|prior to|ahead of|in advance of|apart from)\s+(?:of\s+)?(?:the\s+)?(?:nrmp|main\s+)?"
    r"(?:match|nrmp|the system)\b",
    r"\b(?:outside|before|prior to|ahead of)\s+(?:of\s+)?(?:the\s+)?(?:nrmp\s+|main\s+)?(?:match|nrmp)\b[^.?!]{0,60}?"
    r"\b(?:position|spot|place|seat|offer|contract|agreement|deal|commitment|arrangement)\b",
    r"\b(?:early|advance|direct|off match)\s+(?:offer|contract|acceptance|commitment|agreement)\b",
    r"\bsign\s+(?:a|an|the)?\s*(?!(?:observership|elective|rotation|visiting|confidentiality|non disclosure|lease"
    r"|housing|data|affiliation)\b)(?:\w+\s+)?(?:contract|agreement)\b",
    # hold a position for me
    r"\b(?:hold|holding|reserve|reserving|save|saving|keep|keeping|set aside|setting aside)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:position|spot|place|seat|slot)s?\s+(?:open\s+)?for\s+me\b(?!\s+(?:at|in|on|for)\s+(?:the\s+|your\s+)?"
    r"(?:virtual\s+|online\s+|next\s+)?(?:open house|session|event|webinar|dinner|social|information session|tour"
    r"|meeting|workshop|second look))",
    r"\b(?:hold|save|reserve|keep)\s+me\s+(?:a|one)\s+(?:\w+\s+)?(?:position|spot|place|seat|slot)\b",
    # please rank me highly / I hope you will rank me
    r"\b(?:please|kindly|i ask (?:that )?you|i ask you to|i urge you to|i beg you to|i implore you to|i request"
    r"(?: that)? you|i am asking you to|i would ask you to|i hope (?:that )?(?:you|your program|the program"
    r"|the committee|your committee) (?:will|would|can|could|might|decide to))\s+(?:\w+\s+){0,2}?(?:rank|place"
    r"|put|list|consider ranking)\s+(?:me|my)\b",
    r"\bi\s+(?:kindly\s+|humbly\s+|respectfully\s+|sincerely\s+)?(?:ask|request|urge|beg)\s+(?:that\s+)?(?:your|the)\s+"
    r"(?:committee|program|team|department|selection committee)\s+(?:\w+\s+){0,2}?(?:rank|place|put"
    r"|list)\s+(?:me|my)\b",
    r"\b(?:grateful|thankful|amazing|wonderful|great|glad|happy|appreciate it|love it|mean a lot|mean the world"
    r"|obliged|honou?red)\s+if\s+(?:you|your program|the program|your committee|the committee)\s+(?:\w+\s+){0,2}?"
    r"(?:rank|place|put|list)\s+(?:me|my)\b[^.?!]{0,40}?\b(?:high|highly|first|top|to match|number one|above)",
)


# --- conditional promise and first-choice claims ------------------------------------------------------------

_TARGET = r"(?:you|your program|your residency|the program|this program|it|[\w&'.-]+(?:\s+[\w&'.-]+){0,4}?)"
_TOP = (
    r"(?<!near the )(?<!close to the )(?<!toward the )(?<!towards the )"
    r"(?:as\s+)?(?:first|number one|at the top|on top|top|highest|ahead of all|above all|as my (?:first|top|number"
    r" one)|my (?:first|top|number one|very first))\b"
)
_RANK_PROMISE = _rx(
    rf"(?:\bi\s+(?:[\w']+\s+){{0,4}}?|\bmy\s+(?:plan|intention|intent|decision|promise)\s+is\s+to\s+)(?:rank"
    rf"|ranking|ranked|put|putting|place|placing|list|listing|make|making|keep|name)\s+{_TARGET}\s+(?:{_TOP}|highly"
    rf"|high|very high|to match)",
    r"\b(?:you|your program|it|[\w&'.-]+)\s+(?:would|will|could|can|might)\s+(?:\w+\s+)?(?:be|become|remain|stay)"
    r"\s+(?:my\s+(?:very\s+|absolute\s+)?(?:first|top|number one)|at the top of my|first on my|number one on my"
    r"|the top of my)",
    r"\b(?:go|goes|move|moves|jump|jumps|rise|rises|shoot|shoots|climb|climbs)\s+(?:straight\s+|right\s+|directly\s+)?"
    r"(?:to|up to)\s+(?:the\s+)?(?:top|number one|first place)\s+(?:of|on)\s+my\b",
    r"\b(?:count on|be sure of|be certain of|rely on)\s+(?:being|becoming|getting)\s+(?:first|number one|my first"
    r"|my number one|the top|at the top)\b",
    r"\bmy\s+(?:first|top|number one)\s+(?:spot|place|position|choice|rank)\s+(?:is|will be|would be)\s+yours\b",
    # "your program is my only choice", "I will take care of you on my list"
    r"\b(?:you|your program|it|[\w&'.-]+)\s+(?:is|are|will be|would be)\s+my\s+(?:only|sole|one and only)\s+"
    r"(?:choice|option|program)\b",
    r"\bi\s+(?:will|would|shall|'ll)\s+(?:\w+\s+){1,4}?(?:you|your program)\s+(?:on|in)\s+my\s+(?:rank\s+)?"
    r"(?:list|rol)\b",
)
_FIRST_CLAIM = _rx(
    rf"(?:\bi\s+(?:[\w']+\s+){{0,4}}?|\bmy\s+(?:plan|intention|intent|decision|promise)\s+is\s+to\s+)(?:rank"
    rf"|ranking|ranked|put|putting|place|placing|list|listing|make|making|keep|name)\s+{_TARGET}\s+{_TOP}",
    r"\b(?:the|my)\s+(?:very\s+)?(?:first|top|number one)\s+(?:program|name|choice|entry|spot|place)\s+on\s+"
    r"(?:it|my\s+(?:\w+\s+){0,2}?list)\b",
    r"\b(?:is|are|was|will be|would be|remains|remain|has become|have become|becomes|stays|as)\s+"
    r"(?:(?!among\b|amongst\b|within\b|in\b)\w+\s+)?my\s+"
    r"(?:very\s+|absolute\s+|clear\s+|definite\s+|undisputed\s+|true\s+|unquestioned\s+)?(?:first|top|number one)"
    r"(?!\s+(?:two|three|four|five|six|few|several|handful|tier|group|\d+)\b)"
    r"(?:\s+(?:choice|pick|preference|option|program|place))?\b(?!s\b|\s+(?:choice\s+|pick\s+)?(?:of|for|as|in)\s+"
    r"(?:a\s+|my\s+)?(?:specialty|field|career|fellowship|city|state|location|region|subspecialty))"
    r"(?!\s+(?:choices|programs|priorit))",
    r"(?<!one of )(?<!among )(?<!amongst )(?<!of all )\bmy\s+(?:very\s+|absolute\s+|clear\s+|true\s+)?(?:first|top"
    r"|number one)\s+(?:choice|pick)(?:\s+program)?\b(?!s\b)(?!\s+(?:of|for|as|in)\s+(?:a\s+|my\s+)?(?:specialty"
    r"|field|career|fellowship|city|state|location|region|subspecialty))(?!\s+(?:specialty|field|career"
    r"|fellowship))",
    r"(?<!near the )(?<!toward the )(?<!towards the )(?<!close to the )\b(?:number one|first|at the top|on top|top)"
    r"\s+(?:of\s+|on\s+)?my\s+"
    r"(?:\w+\s+){0,2}?list\b",
    r"\bletter of intent\b",
)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|should)\s*$")
_SPECIALTY_SUBJECT = re.compile(
    r"\b(?:pm&r|pm and r|pmr|physiatry|physical medicine|rehabilitation medicine|rehab|this specialty"
    r"|the specialty|specialty|this field|the field|career)\b(?:\s+[\w'&-]+){0,4}\s+(?:is|has been|was|remains"
    r"|has always been)\s+(?:\w+\s+)?my\s+\w+"
)
_CONDITION = re.compile(
    r"\b(?:if|only if|provided(?: that)?|providing|as long as|so long as|on (?:the )?condition(?: that)?"
    r"|assuming(?: that)?|in exchange for|in return for|in exchange|in return|should (?:you|your|the)"
    r"|were (?:you|your|the)|once i (?:know|hear|learn|am told|have|get|receive|see)|knowing that"
    r"|with (?:a|your|some|the) (?:commitment|assurance|promise|guarantee)|in case|the moment|as soon as"
    r"|all i need|i (?:just |only )?need to (?:hear|know|be told))\b"
)
_NOT_A_CONDITION = re.compile(
    r"\b(?:regardless of|irrespective of|no matter|whether or not|even if|even though|even when|whatever)\s*$"
)
_AN_OFFER = re.compile(
    r"\s+(?:it|this|that)\s+(?:would|will|might|could|can|does)?\s*(?:help|helps|be (?:useful|helpful|of use))\b"
)
"""After "if": an offer ("if it would help your planning, ..."), not a condition on the program."""
_PROGRAM_ACTION = re.compile(
    r"\b(?:you|your|the program|the committee|they|ranked|rank me|ranking me|spot|position|offer|assur\w*"
    r"|guarantee\w*|promis\w*|commit\w*|matched|to match|matching)\b"
)
_IMPERATIVE_TRADE = re.compile(
    r"(?<!to )(?<!i )(?<!we )(?<!happy to )\b(?:tell me|let me know|promise|confirm|assure me|guarantee|show me"
    r"|give me|rank me|match me|take me|take care of me|put me|keep me)\b.{0,90}?\b(?:and|then)"
    r"\s+(?:i|you)\b"
)
_THEN_TRADE = re.compile(r"^(?:then|in that case|if so|in return|in exchange)\b")


# --- tone ---------------------------------------------------------------------------------------------------

_PLEADING = _rx(
    r"\bi\s+(?:am\s+|humbly\s+|truly\s+|sincerely\s+)?(?:beg|begging|plead|pleading|implore|imploring|beseech"
    r"|beseeching)\b(?!\s+to\s+(?:know|inform|state|request|submit|say|enquire|inquire|ask))",
    r"\bon my knees\b|\bhave mercy\b|\bplease,?\s+please\b|\bi\s+am\s+(?:\w+\s+)?desperate\b|\bdesperate(?:ly)?\b",
    r"\bmy\s+(?:last|final)\s+(?:chance|hope|attempt|shot|option|opportunity)\b|\bmy only (?:hope|chance)\b",
    r"\b(?:last|final|only) (?:chance|hope) (?:of|to|for|i have)\b",
    # "this is my last chance", "it is my only hope"; not a fact such as "this is my last year of eligibility under
    # my visa" or "my final application cycle" (seed 004 lets an applicant say where they stand)
    r"\b(?:this|it|that) is (?:\w+\s+)?my (?:last|final|only|third and final|third and last)(?:\s+\w+)?\s+"
    r"(?:chance|hope|attempt|shot|try|option|opportunity|resort)\b"
    r"|\b(?:this|it|that) is (?:\w+\s+)?my (?:last|final|only)\s*(?:[.;!]|$)",
    r"(?<!if )\b(?:i|we) (?:will|would|could|can) do (?:\w+\s+)?(?:anything|whatever it takes)\b"
    r"(?! (?:else )?(?:to improve|to strengthen|to help|further|more|to support|to provide))",
    r"\bnowhere else to (?:go|turn)\b|\bno other (?:options|choice|hope)\b|\brunning out of (?:time|options|hope)\b",
    r"\bcannot afford to (?:go unmatched|fail|lose|not match|be unmatched)\b|\bcannot face another\b",
    r"\b(?:please|kindly)\s+(?:just\s+)?(?:give|grant|allow|offer)\s+me\s+(?:a|one|this|the|just one)\s+"
    r"(?:\w+\s+)?(?:chance|opportunity|shot)\b",
    r"\b(?:please|kindly)\s+(?:do not|never)\s+(?:overlook|ignore|forget|reject|pass over|give up on)\s+me\b",
    r"\bi (?:really|truly|desperately|badly|so badly|urgently) need (?:this|a|the|one|to match|a spot)\b",
    r"\bi just need (?:one|a|this) (?:\w+\s+)?(?:chance|shot|opportunity|position|spot)\b",
    r"\b(?:my|our) (?:whole |entire )?family (?:depends|is depending|relies|is relying|has sacrificed everything)\b",
    r"\bcareer (?:is|will be) (?:over|finished|ruined)\b|\banother year unmatched\b",
    r"\b(?:willing to|would|will) accept any (?:position|terms|conditions|offer|spot|salary)\b",
)
_SELF_DEPRECATING = _rx(
    r"\b(?:i am|i'm|i know i am|as|being|i was)\s+(?:\w+\s+)?(?:a|an)\s+(?:\w+\s+)?(?:weak|weaker|poor|mediocre"
    r"|average|below average|unremarkable|unimpressive|borderline|marginal|subpar|sub par|uncompetitive"
    r"|low scoring|mere|simple|humble|ordinary|unworthy)\s+(?:\w+\s+)?(?:applicant|candidate|student|doctor"
    r"|physician|img|graduate|person|man|woman|applicants)\b",
    r"\b(?:just|only|merely)\s+an?\s+(?:\w+\s+)?(?:img|foreign graduate|international graduate|applicant)\b",
    r"\bmy\s+(?:\w+\s+){0,3}?(?:application|applications|scores?|cv|profile|file|record|credentials|grades"
    r"|resume|numbers|candidacy|background)\s+(?:\w+\s+){0,3}?(?:is|are|was|were|be|look|looks|seem|seems"
    r"|remain|remains)\s+(?:\w+\s+)?(?:weak|low|poor|bad|mediocre|not great|not strong|not impressive|unimpressive"
    r"|below average|lacking|underwhelming|not competitive|nothing special|not the best|not stellar|terrible"
    r"|embarrassing|far from impressive|far from perfect|far from stellar|subpar|only average|just average"
    r"|not good)\b",
    r"\b(?:forgive|excuse|pardon|overlook)\s+(?:my|the)\s+(?:\w+\s+)?(?:weak|poor|low|bad|limited|unimpressive"
    r"|mediocre|modest)\b",
    r"\bnot\s+(?:\w+\s+)?(?:good|strong|smart|qualified|competitive|impressive|talented|worthy)\s+enough\b",
    r"\b(?:i am|i'm|i may|i might|i know i am|i realize i am|i am probably|i am certainly)\s+(?:\w+\s+){0,2}?not\s+"
    r"(?:the|a|an)\s+(?:\w+\s+)?(?:strongest|best|most competitive|most qualified|brightest|ideal|perfect|kind"
    r"|sort|type|caliber)\b",
    r"\b(?:i am|i'm|i know i am|i realize i am|my application is|i may be|i might be)\s+(?:\w+\s+)?(?:not|un)\s*"
    r"competitive\b",
    r"\b(?:i|i do|i probably|i certainly)\s+(?:\w+\s+)?(?:not|never)\s+deserve\b|\bunworthy\b|\bnot worthy\b",
    r"\bnothing\s+(?:special|much|of value)\s+to offer\b|\bnothing special\b",
    r"\b(?:better|stronger|more qualified|more deserving|more competitive|more impressive|brighter|smarter)\s+"
    r"(?:\w+\s+)?(?:applicants|candidates|people|students|graduates|doctors)\s+than\s+(?:me|i)\b",
    r"\bnot as (?:\w+\s+)?(?:qualified|smart|strong|good|competitive|talented|experienced|accomplished|impressive)"
    r"\s+as\b",
    r"\b(?:probably|surely|certainly|likely)\s+not\s+what\s+(?:you|your program|the program|programs)\s+"
    r"(?:\w+\s+){0,2}?(?:looking for|want|need|expect)",
    r"\b(?:i have|i know i have|despite)\s+(?:\w+\s+){0,2}?red flags\b",
    r"\bi\s+(?:am|feel like)\s+(?:a|such a)\s+(?:failure|nobody|disappointment)\b",
)
_PRAISE_COMPARATIVE = (
    r"(?:better|superior|stronger|nicer|friendlier|happier|warmer|kinder|more (?:welcoming|supportive|organized"
    r"|organised|professional|caring|friendly|genuine|impressive|engaged|invested|collegial|humane|respectful"
    r"|serious|thoughtful|enthusiastic))"
)
_OTHERS = r"(?:other|others|rest|elsewhere|anywhere else|everywhere else|the competition)"
_NEGATIVE = (
    r"(?:disorganized|disorganised|cold|unfriendly|toxic|malignant|mediocre|terrible|awful|horrible|boring|chaotic"
    r"|unprofessional|rude|dismissive|miserable|exhausted|disappointing|waste of (?:my )?time|uninterested"
    r"|unwelcoming|arrogant|worse|sloppy|a joke|pathetic|condescending|did not care|nobody (?:\w+\s+){0,2}?cared?"
    r"|not care|incompetent|fake|soulless|depressing|unhappy|burned out|burnt out)"
)
_DISPARAGING = _rx(
    # a scare-quoted word about another program: one program's idea of "wellness", how the neighbours "teach"
    r"\b(?:one program|another program|some programs|other programs|others|neighbou?rs|elsewhere|other places"
    r"|some places|a couple of (?:the )?(?:others|programs|places))\b[^.?!]{0,80}?(?:\b(?:idea|version|definition"
    r"|notion|brand|concept|kind|sort) of \"[a-z][a-z -]{1,20}\"|\bhow (?:[\w']+\s+){0,6}?\"[a-z]+\")",
    r"\bhow (?:[\w']+\s+){0,4}?(?:others|other programs|some programs|neighbou?rs|other places)\b[^.?!]{0,40}?"
    r"\"[a-z]+\"",
    # "which is more than I can say for a couple of the others"
    r"\b(?:more|better) than (?:i|one|we) can say for (?:\w+\s+){0,3}?(?:others|other programs|the rest|some|most"
    r"|many|a few|a couple)\b",
    # sarcasm: "the so-called teaching at Riverside", "their so-called wellness program"
    r"\b(?:the|their|its|that|those|his|her)\s+so called\s+(?:\w+\s+){0,2}?(?:program|programs|teaching|mentorship"
    r"|wellness|residency|training|support|faculty|education|didactics|curriculum|culture|family|team|hospital"
    r"|flagship|mentors|leadership|research|interview|interviews|tour|welcome|balance)\b",
    rf"\b{_PRAISE_COMPARATIVE}\b[^.;?!]{{0,40}}?\b(?:than|to)\b[^.;?!]{{0,60}}?\b{_OTHERS}\b",
    rf"\b(?:other|others|rest|other places|most of them|many of them|those programs|that program"
    rf"|other residencies|everyone else|everybody else|anyone else|their (?:program|residents|faculty|interview"
    rf"|interviewers|program director|pd|residency))\b[^.;?!]{{0,60}}?\b{_NEGATIVE}\b",
    rf"\b{_NEGATIVE}\s+(?:and\s+\w+\s+)?(?:\w+\s+){{0,2}}?(?:programs|places|interviewers|residents|faculty"
    rf"|interviews|residencies)\b[^.;?!]{{0,40}}?\b(?:other|others|elsewhere|this season|i (?:interviewed|visited"
    rf"|saw|met))",
    rf"\b(?:faculty|residents|interviewers|people|staff|program|interview|interviews|day|pd|director)\s+(?:at|from"
    rf"|in)\s+(?!your\b|you\b)[\w&'.-]+(?:\s+[\w&'.-]+){{0,3}}?\s+(?:was|were|seemed|felt|are|is)\s+(?:\w+\s+)?"
    rf"{_NEGATIVE}",
    rf"\b{_OTHERS}\b[^.;?!]{{0,50}}?\b(?:do not|does not|cannot|could not|did not|never)\s+(?:even\s+|really\s+"
    r"|simply\s+)?(?:compare|come close|measure up|hold a candle)",
    r"\b(?:no|none of the)\s+other\s+(?:\w+\s+){0,5}?(?:comes?|came)\s+close\b",
    r"\bunlike\s+(?:the\s+|many\s+|most\s+|some\s+|all\s+)?(?:other|others|the rest)\b[^.;?!]{0,80}?\b(?:actually"
    r"|genuinely|truly|really|bother|bothered|cared|listened|seemed happy|treated|felt)\b",
    r"\b(?:blows|blew|blow)\s+(?:\w+\s+){0,3}?(?:away|out of the water)\b|\bputs?\s+(?:[\w']+\s+){1,5}?to shame\b",
    r"\bhead and shoulders above\b|\bout(?:shines|shone|classes|classed)\b|\bin the dust\b",
)


# --- placeholders (read on the raw text) --------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\[(?![\d,\s-]+\])(?!sic\])(?:[^\[\]\n]|\n(?!\s*\n)){0,80}\](?!\()"
    r"|\{\{[^{}\n]{0,60}\}\}|\{[ ]*[A-Za-z_][\w .-]{0,40}\}|\$\{[^}\n]{0,40}\}|%\([a-z_]+\)s|<<[^<>\n]{1,60}>>"
    r"|<(?!/?(?:p|br|b|i|u|a|em|strong|div|span|ul|ol|li|hr)\b)[A-Za-z][^<>\n@:/.]{0,60}>"
    r"|\b[Xx]{3,}\b|\bX{2}(?=[/-])|_{3,}|(?<![\w_])__(?![\w_])"
    r"|\((?i:(?:(?:the|your|my|his|her)\s+)?(?:program|applicant|first|last|full|hospital|school|interviewer"
    r"|coordinator|director|institution|pd|specialty|residency|university|candidate|city)(?:'s)?\s+(?:name|title)"
    r"|name|date|insert[^()\n]{0,40}|specialty|program)\)"
    r"|\((?:[A-Z]{2,}[ _-]){0,3}(?:NAME|DATE|TOPIC|INTEREST|DETAIL|DETAILS|TITLE|PROGRAM|SPECIALTY|HOSPITAL|CITY"
    r"|SCHOOL|FIELD|EXAMPLE|REASON)\)"
    r"|\b(?i:mm|dd)[/.-](?i:dd|mm)[/.-](?i:yyyy|yy)\b|\b(?i:yyyy)-(?i:mm)-(?i:dd)\b|\bMonth DD\b"
    r"|\b(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+(?:Last\s?Name|Lastname|LASTNAME|LAST NAME|Surname|SURNAME|Name|NAME|X|XX"
    r"|Firstname|First Name|So-and-[Ss]o)\b"
    r"|\b(?:Your|First|Last|Full|Program|Applicant|Interviewer|Coordinator|Director|Hospital|Institution|School"
    r"|Candidate|University|Residency)\s+Name\b"
    r"|\b(?:TODO|TBD|FIXME|TKTK)\b"
    r"|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:INSERT|ENTER)\s+[A-Z]{2,}(?:\s+[A-Z]{2,})*\b"
    # a shell-style field ("$CITY", not a currency such as "$USD 200"); "(name of meeting)"
    r"|(?<![\w$])\$(?!(?:USD|US|CAD|AUD|NZD|HKD|SGD|MXN|CDN)\b)[A-Z][A-Z0-9_]{2,30}\b(?!\s*\d)"
    r"|\((?i:(?:the\s+)?(?:name|title|date|city|location)\s+of\s+(?:the\s+)?[a-z][^()\n]{1,30})\)"
    # a word between doubled sigils ("##DATE##", "!!TOPIC!!", "**NAME**"), a masked run ("********"), a title
    # before a word in parentheses ("Dr. (interviewer)"), a field in capitals ("YOUR NAME HERE"), "TK"
    r"|(?P<sigil>##|!!|\*\*|%%|@@|\$\$)[A-Z][A-Z0-9_ .-]{0,30}(?P=sigil)|\*{4,}|#{4,}"
    r"|(?:(?<=Dr\. )|(?<=Dr )|(?<=Mr\. )|(?<=Ms\. )|(?<=Mrs\. )|(?<=Prof\. ))"
    r"\((?:[a-z][^()\n]{0,30}|[A-Z]{2,}[A-Z ]{0,30})\)"
    r"|\b(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+(?:Last|LAST|Sur|SUR)[- ](?:Name|NAME|name)\b"
    r"|\b(?:YOUR|FIRST|LAST|FULL|PROGRAM|APPLICANT|HOSPITAL|INTERVIEWER)\s+NAME\b"
    r"|\b(?:NAME|SIGNATURE|DATE|TEXT|DETAIL|DETAILS|TOPIC|ADDRESS|TITLE|PROGRAM|ID)\s+HERE\b"
    r"|(?<![\w-])TK(?![\w-])"
    # a mail merge's "%PROGRAM%" or "%first_name%" (no spaces: not "20% to 30%"); a title before an ellipsis
    # ("Dr. ...", "Dr. …")
    r"|(?<![\w%])%[A-Za-z][A-Za-z0-9_]{1,30}%(?![\w%])"
    r"|\b(?:Dr|Mr|Ms|Mrs|Prof)\.?[ ]?(?:\.{3}|…)"
)


# A template field written as its own name, with no brackets around it (the twelfth linter, issue 17). Written
# from the rule's definition (an unfilled field) and the fields of matchpilot's own templates (applicant, program,
# city, specialty, date...), not from any corpus file's misses: a field name is a *head* that names what to fill
# in (name, date, city, state, topic...), possibly after a *modifier* that says whose (program, applicant, first,
# last...). In capitals two field words in a row are a field ("PROGRAM NAME", "CITY, STATE", "FIRSTNAME
# LASTNAME") unless the rest of the line is in capitals (a shouted subject line); a lone capitalised word is a field
# only when English has no such word ("FIRSTNAME", "LASTNAME"). Acronyms (PM&R, USMLE, ERAS, NRMP, J-1, H-1B), a
# city and its state ("Boston, MA") and emphasis ("I am VERY grateful") name no field and pass.
_FIELD_HEADS = (
    "NAME|NAMES|FIRSTNAME|LASTNAME|FULLNAME|SURNAME|DATE|DAY|MONTH|YEAR|CITY|STATE|COUNTRY|ZIP|TITLE|TOPIC|DETAIL"
    "|DETAILS|ADDRESS|PHONE|EMAIL|FEATURE|INTEREST|INTERESTS|REASON|FIELD|AREA|SPECIALTY|HOSPITAL|INSTITUTION"
    "|UNIVERSITY|SCHOOL|PROGRAM|PROGRAMME|DEPARTMENT|ROTATION|EXPERIENCE|PROJECT|SKILL|ACTIVITY|NUMBER"
)
_STRONG_HEADS = frozenset(
    [
        "NAME",
        "NAMES",
        "FIRSTNAME",
        "LASTNAME",
        "FULLNAME",
        "SURNAME",
        "DATE",
        "CITY",
        "STATE",
        "ZIP",
        "ADDRESS",
        "PHONE",
        "EMAIL",
    ]
)
"""Heads that name a field wherever they stand; a pair of other field words ("CLINICAL EXPERIENCE", "MEDICAL
SCHOOL") is a field only inside a line of ordinary prose, not as a heading on a line of its own."""
_FIELD_MODIFIERS = (
    "YOUR|MY|THE|FIRST|LAST|FULL|SUR|PROGRAM|PROGRAMME|APPLICANT|CANDIDATE|HOSPITAL|INSTITUTION|UNIVERSITY|SCHOOL"
    "|MEDICAL|INTERVIEWER|COORDINATOR|DIRECTOR|PD|PI|FACULTY|MENTOR|ATTENDING|SPECIALTY|RESEARCH|CLINICAL"
    "|INTERVIEW|START|SPECIFIC|CITY|STATE|DEPARTMENT|ROTATION|TOPIC|PERSONAL"
)
_CAPS_FIELD = re.compile(
    rf"\b(?:(?:{_FIELD_MODIFIERS}|{_FIELD_HEADS})[ _/-]+|(?:{_FIELD_HEADS}),[ ]?)+(?:{_FIELD_HEADS})\b"
    r"|\b(?:FIRST|LAST|FULL)NAME\b"
)
_OTHER_FIELD = re.compile(
    # one-word name fields and their Title-case pairs ("Firstname Lastname", "First Name Last Name", "City, State")
    r"\b(?i:first|last|full)name\b|\bFirst Name\s+Last Name\b"
    # placeholder text
    r"|\b(?i:lorem ipsum|dolor sit amet|consectetur adipiscing)\b|\b(?:John|Jane)\s+Doe\b"
    # generic stand-ins for an institution: "XYZ", "ABC Hospital", "X University"
    r"|\bXYZ\b|\b(?:ABC|[XYZ])\s+(?:University|Hospital|Program|Medical Center|Health|Institute|College)\b"
    # unfilled dates: "Month DD, YYYY", "DD Month", "20XX", "YYYY", "Month Day, Year", "MM/YYYY"
    r"|\b(?:Month|MONTH)\s+(?:DD|XX|Day)\b(?:,?\s*(?:YYYY|Year|20XX))?|\b(?:DD|XX)\s+(?:Month|MONTH)\b"
    r"|\b(?:19|20)(?:XX|xx|__|\?\?)\b|\bYYYY\b|\b(?:MM|mm)/(?:YYYY|yyyy|YY|yy)\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(?:DD|XX|\?\?)\b"
    # a title before question marks ("Dr. ???"), a printf-style field ("%s"), an asterisked instruction
    # ("*insert rotation*", "*add detail*")
    r"|\b(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+\?{2,}|(?<![\w%])%[sd](?!\w)"
    r"|\*(?i:insert|add|enter|name of|specific|fill)\b[^*\n]{0,40}\*"
    # empty brackets, a mail merge's guillemets ("«FirstName»"), a field in snake or camel case ("program_name",
    # "programName"; not an e-mail address or a web address)
    r"|\[\s*\]|\{\s*\}|<\s*>|\(\s*\)|«[^«»\n]{1,40}»"
    r"|(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@]|\.\w)"
    r"|\b(?:program|first|last|full|applicant|school|hospital|city|interview|start|your|user)"
    r"(?:Name|Date|City|State|Title|Specialty|Topic)\b"
    # a field named in Title case with "Here", "Insert ...", "Program X", "(your specialty)", "(specific ...)"
    r"|\b(?:Name|Signature|Date|Text|Details?|Topic|Address|Title|Program)\s+Here\b"
    r"|\b(?:Insert|Enter)\s+(?:[A-Z][a-z]+\s+){0,2}(?:Name|Date|Here|Details?|Topic|Program|Specialty|City|Hospital"
    r"|Interest|Title|School)\b|\b(?:Program|Hospital|University)\s+[XYZ]\b(?![-.]\w)"
    r"|\((?i:your|the|my)\s+(?:[a-z]+\s+)?(?:name|date|city|state|specialty|hospital|school|institution|topic"
    r"|interest|title|field)\)|\((?i:specific|mention|describe|fill in|placeholder)\b[^()\n]{0,50}\)"
)

_TITLE_CITY = re.compile(r"\bCity,\s*State\b")


def _rest_of_line(text: str, start: int, end: int) -> list[str]:
    """The letters of the line around ``start:end``, outside it."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return [c for c in text[left:start] + text[end : right if right >= 0 else len(text)] if c.isalpha()]


def _shouted(letters: list[str]) -> bool:
    """Whether ``letters`` (the rest of a line) are mostly capitals: a shouted subject or heading, where capitals
    name no field (a short line such as a signature's "Best," is not shouted)."""
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


_MORE_FIELDS = re.compile(
    # a month and day without the year ("on MM/DD", "DD/MM"), beside the rule's "MM/DD/YYYY"
    r"\b(?:MM|mm)[/.-](?:DD|dd)\b|\b(?:DD|dd)[/.-](?:MM|mm)\b"
    # a field named in capitals with "of" ("NAME OF HOSPITAL", "TITLE OF THE TALK")
    r"|\b(?:NAME|TITLE|DATE)\s+OF\s+(?:THE\s+)?[A-Z]{3,}\b"
    # a lone field word in capitals in a line of ordinary prose ("Thank you - interview on DATE")
    r"|(?<![A-Z] )\b(?:NAME|DATE|TITLE|TOPIC)\b(?! [A-Z])"
    # a one-word field in lower case in parentheses ("at (hospital)", "a project on (topic)", "in (city)")
    r"|\((?:hospital|topic|city|town|school|institution|interest|title|state|country|project|rotation)\)"
    # a word between tildes ("~~TITLE~~"), in angle quotes ("⟨date⟩"), a run of boxes ("St. ▢▢▢▢ Hospital"), a
    # signature left as "FIRST LAST"
    r"|~~[A-Z][A-Z0-9_ .-]{0,30}~~|⟨[^⟨⟩\n]{1,40}⟩|[▢□■▯]{2,}|\bFIRST\s+LAST\b"
)
"""Template fields in forms the patterns above did not know (issue 17, fourteenth pass: written from the rule's
definition and the spent sets' missed fields: a date without its year, a field in capitals with "of" or alone in
a line of prose, a lower-case field word in parentheses, other brackets)."""


def _field_spans(text: str) -> list[tuple[int, int]]:
    """The offsets of template fields written as bare names (see :data:`_CAPS_FIELD`), in no order."""
    out = [m.span() for m in _OTHER_FIELD.finditer(text)]
    for match in _MORE_FIELDS.finditer(text):
        lone_capital = match.group().isupper() and " " not in match.group()
        if lone_capital and _shouted(_rest_of_line(text, *match.span())):
            continue  # "INTERVIEW DATE CONFIRMED" as a shouted subject line
        out.append(match.span())
    for match in _TITLE_CITY.finditer(text):
        before = text[: match.start()].rstrip().rsplit(None, 1)
        if not before or not before[-1][:1].isupper():  # "moving to City, State", not "Salt Lake City, State"
            out.append(match.span())
    for match in _CAPS_FIELD.finditer(text):
        words = re.findall(r"[A-Z]+", match.group())
        lone = len(words) == 1
        if not lone and all(w in {"YOUR", "MY", "THE"} for w in words[:-1]) and words[-1] != "NAME":
            continue  # "THE PROGRAM", "MY INTEREST": emphasis, not a field
        rest = _rest_of_line(text, *match.span())
        if not lone and _shouted(rest):
            continue
        if not lone and not _STRONG_HEADS.intersection(words) and len(rest) < 8:
            continue  # a heading ("CLINICAL EXPERIENCE") on a line of its own
        out.append(match.span())
    return out


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of unfilled template fields in ``text`` (overlaps merged)."""
    spans: list[tuple[int, int]] = []
    found = sorted([m.span() for m in _PLACEHOLDER.finditer(text)] + _field_spans(text))
    for start, end in found:
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


# --- the linter ---------------------------------------------------------------------------------------------


def _finding(rule_id: str, piece: Piece | tuple[int, int], detail: str = "") -> Finding:
    rule = RULES[rule_id]
    start, end = (piece.start, piece.end) if isinstance(piece, Piece) else piece
    return Finding(rule.id, rule.severity, start, end, rule.message(detail), rule.rewrite)


def _ask_rank(clause: Piece, asks: bool) -> bool:
    if not asks:
        return False
    for match in _ASK_RANK.finditer(clause.norm):
        if _NOT_A_RANK_LIST.search(clause.norm[match.start() : match.end() + 30]):
            continue
        if _negated(clause.norm, match.start(), _NEGATED_REQUEST):
            continue
        return True
    return False


def _request_commitment(clause: Piece, asks: bool) -> bool:
    patterns = (_REQUEST_COMMITMENT_ASKED, _REQUEST_COMMITMENT) if asks else (_REQUEST_COMMITMENT,)
    for pattern in patterns:
        for match in pattern.finditer(clause.norm):
            if not _negated(clause.norm, match.start(), _NEGATED_REQUEST):
                return True
    return False


_I_PASSIVE = re.compile(
    r"i\s+(?:[\w']+\s+){0,3}?(?:be|am|was|were|been|being|get|got|gets|getting)\s+(?:\w+\s+)?(?:ranked|placed|listed"
    r"|put|kept|named|rated|made)\b"
)
"""The applicant ranked *by* someone ("I'll be ranked high by my mentor's standards", "I was named by the dean as
the top intern"): a passive says what others do to the applicant, never the applicant's own ranking."""


def _claims(norm: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of an own-ranking pattern that are not negated ("I cannot promise to rank anyone first") and not
    passive ("I was ranked by my mentors as the top student")."""
    found = []
    for match in pattern.finditer(norm):
        if _I_PASSIVE.match(match.group(0)):
            continue
        if _NEGATED_CLAIM.search(norm[max(0, match.start() - 60) : match.start() + _verb_offset(match)]):
            continue
        if _HYPOTHETICAL.search(norm[: match.start()]):
            continue
        found.append(match)
    return found


def _verb_offset(match: re.Match[str]) -> int:
    """Where the ranking verb of a claim sits inside the match (the negation must come before it)."""
    text = match.group(0)
    verb = re.search(r"\b(?:rank|ranking|ranked|put|putting|place|placing|make|making|keep|be|become)\b", text)
    return verb.start() if verb else 0


_MIRRORED_LISTS = re.compile(
    r"\b(?:on|in|for) (?:my|your|[\w'-]+'s) (?:rank )?list\b[^.?!]{0,60}?\b(?:will |would |shall )?(?:mirror|mirrors"
    r"|reflect|reflects|match|matches|follow|follows|depend on|depends on|track|tracks|be the same as|equal|equals"
    r"|be decided by|hinge on|hinges on)\s+(?:\w+\s+){0,2}?(?:(?:position|place|spot|rank|ranking|standing)\s+(?:on|in)"
    r" (?:your|my|[\w'-]+'s)\b|\b(?:on|in) (?:yours|mine)\b)"
)
"""One list mirroring the other: "your position on my list will mirror my position on yours" trades ranks."""


def _conditional(sentence: Piece, previous: Piece | None) -> bool:
    norm = sentence.norm
    if _MIRRORED_LISTS.search(norm):
        return True
    promises = _claims(norm, _RANK_PROMISE)
    if not promises:
        return False
    for condition in _CONDITION.finditer(norm):
        if _NOT_A_CONDITION.search(norm[: condition.start()]) or _AN_OFFER.match(norm, condition.end()):
            continue
        for promise in promises:
            if promise.start() <= condition.start() < promise.end():
                continue
            stop = promise.start() if promise.start() > condition.start() else len(norm)
            window = norm[condition.end() : min(stop, condition.end() + 110)]
            if _PROGRAM_ACTION.search(window):
                return True
    if _IMPERATIVE_TRADE.search(norm) and any(p.start() > 0 for p in promises):
        trade = _IMPERATIVE_TRADE.search(norm)
        if trade is not None and any(p.start() >= trade.end() - 8 for p in promises):
            return True
    if previous is not None and _THEN_TRADE.search(norm):
        return bool(_ASK_RANK.search(previous.norm) or _REQUEST_COMMITMENT_ASKED.search(previous.norm))
    return False


_SHARED_TOP = re.compile(
    r"\b(?:and|or|with) (?:one|another|two|a few|a couple of) (?:other|others|more)?\b[^.?!]{0,40}"
    r"\b(?:are|remain|stand|sit)\b[^.?!]{0,30}\b(?:top|first|tied)\b"
)
"""Two or more programs at the top together ("Your program and one other are very close at the top of my list"):
no single first choice is claimed."""


def _first_choice(clause: Piece) -> bool:
    if _SPECIALTY_SUBJECT.search(clause.norm) or _SHARED_TOP.search(clause.norm):
        return False
    return bool(_claims(clause.norm, _FIRST_CLAIM))


def lint_text(text: str) -> list[Finding]:
    """Lint one message: the patterns (:func:`lint_patterns`) and the sentence-intent model together.

    A sentence the model flags for a rule the patterns did not find there gets a finding on the whole sentence
    when it also carries the rule's cue: a question or request frame for ``ask-rank``, a condition or trade for
    ``conditional-promise``, a promise, position or confirmation for ``request-commitment`` (and a firm word or
    the rank or place it is about), a self-judgement for ``tone-self-deprecating``, begging for ``tone-pleading``,
    another program and a word that runs it down for ``tone-disparaging`` (a tone rule scored at least its
    ``NO_CUE_NEEDED`` needs no cue).
    Neither ``ask-rank`` nor ``request-commitment`` is added to a sentence that only asks whether the applicant
    is still being considered (seed 004 allows that), and one request is reported once. Two adjacent sentences are
    also read as one for ``ask-rank`` (:data:`WINDOW_RULES`: the request in one, the rank in the other).

    Then the second stage (:mod:`matchpilot.letters.stack`) reads the whole message's evidence: a rule its trees
    flag that nothing above found goes to the sentence the model scores highest for it, where the gates above
    judge it (:data:`STACK_GATES`: all but the cue word, which ``ask-rank`` keeps), so a request is still reported
    once and what the rules allow stays quiet. It also checks the precision of what was found: a rule of
    :data:`PRECISION_CHECK` (``request-commitment``) it gives less than the check's probability is dropped.
    """
    findings, pieces, scores, patterns = _linear(text)
    stacker = load_stacker("me")
    if stacker is None or not pieces or not scores[0]:
        return findings
    found = {f.rule for f in findings}
    rows = evidence(MODEL_RULES, scores, message_scores([p.text for p in pieces]), text, patterns, found)
    vetoed = _vetoed(stacker, rows, found, patterns)
    if vetoed:
        findings = [f for f in findings if f.rule not in vetoed]
    for rule_id in sorted(stacker.flags(rows, skip=found)):
        best = max(range(len(pieces)), key=lambda k: scores[k][rule_id])
        piece = pieces[best]
        present = {f.rule for f in findings if f.start < piece.end and piece.start < f.end}
        if STACK_GATES == "none":
            kept = rule_id not in present and not (
                rule_id in ("ask-rank", "request-commitment") and present & {"conditional-promise", "ask-rank"}
            )
        else:
            judged = _judged(pieces, best, {rule_id}, scores[best], present, cue_words=STACK_GATES == "all")
            kept = rule_id in judged - present
        if kept:
            findings.append(_finding(rule_id, piece))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def stack_evidence(text: str) -> dict[str, list[float]]:
    """The second stage's evidence rows for ``text`` (:func:`matchpilot.letters.stack.evidence`), from the
    patterns and the linear models alone: what ``scripts/train_lint_model.py`` fits the trees on."""
    findings, pieces, scores, patterns = _linear(text)
    if not pieces or not scores[0]:
        return {}
    found = {f.rule for f in findings}
    return evidence(MODEL_RULES, scores, message_scores([p.text for p in pieces]), text, patterns, found)


def _linear(text: str) -> tuple[list[Finding], list[Piece], list[dict[str, float]], set[str]]:
    """The patterns and the linear sentence models with their gates: the findings, the sentences, each
    sentence's scores and the rules the patterns alone found."""
    findings = lint_patterns(text)
    patterns = {f.rule for f in findings}
    pieces = sentences(text)
    scored = score_sentences([p.text for p in pieces])
    scores = [dict(s) for _, s in scored]
    for k, (piece, (flagged, model_scores)) in enumerate(zip(pieces, scored, strict=True)):
        if not flagged:
            continue
        present = {f.rule for f in findings if f.start < piece.end and piece.start < f.end}
        for rule_id in sorted(_judged(pieces, k, flagged, model_scores, present) - present):
            findings.append(_finding(rule_id, piece))
    if WINDOW_RULES:
        findings += _windows(text, pieces, findings)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings, pieces, scores, patterns


WINDOW_RULES: tuple[str, ...] = ("ask-rank",)
"""The rules read also on each pair of adjacent sentences taken as one (a rank ask split across sentences: "I would
sleep better knowing if I am in the group you will rank to match. Is that something you could tell me?"): the
sentence model scores the pair, and the gates of a model finding judge it with the pair's request frame and cue
words, so a rank question whose "could you tell me" stands in the next sentence is found. Chosen by leaving each
blind set out (docs/letters.md): ``ask-rank`` alone (request-commitment and conditional promises gain nothing)."""
WINDOW_SCORE = 0.95
"""The lowest score the sentence model must give a pair (above the rule's own threshold): 0.85 and 0.9 find no more
violations and raise false alarms."""


def _windows(text: str, pieces: list[Piece], found: list[Finding]) -> list[Finding]:
    """Findings of :data:`WINDOW_RULES` on two adjacent sentences of one paragraph read as one, where the sentence
    model flags the pair (at :data:`WINDOW_SCORE` at least), no request or trade was found on either sentence, and
    the gates of a model finding (:func:`_judged`) hold on the pair; the span is the two sentences."""
    model = intent.load_model("me")
    if model is None:
        return []
    out: list[Finding] = []
    for k in range(1, len(pieces)):
        first, second = pieces[k - 1], pieces[k]
        if second.start - first.end > 3 or "\n\n" in text[first.end : second.start]:
            continue  # a paragraph, a greeting or a signature between them: not one thought
        present = {f.rule for f in [*found, *out] if f.start < second.end and first.start < f.end}
        joined = text[first.start : second.end]
        window = Piece(first.start, second.end, joined, normalise(joined))
        window_scores = model.scores(joined, pieces[k - 2].text if k >= 2 else None)
        flagged = {
            rule
            for rule in intent.flagged(window_scores, model) & set(WINDOW_RULES)
            if window_scores[rule] >= WINDOW_SCORE
        }
        if not flagged or present & {"ask-rank", "request-commitment", "conditional-promise"}:
            continue
        merged = [*pieces[: k - 1], window, *pieces[k + 1 :]]
        for rule_id in sorted(_judged(merged, k - 1, flagged, window_scores, present) - present):
            out.append(_finding(rule_id, window))
    return out


STACK_VETO: dict[str, float] = {}
"""Per rule, the lowest probability the second stage must give a rule the linear models (not the patterns) found in
the message for it to be reported (the trees read the whole message, the compliant near-twins of the training
files among it); a rule not named is never vetoed."""
STACK_VETO_PATTERNS = False
"""Whether :data:`STACK_VETO` also judges rules the patterns found (a candidate measured by leaving each blind set
out)."""


PRECISION_CHECK: dict[str, float] = {"request-commitment": 0.1, "ask-rank": 0.1}
"""Per rule, the lowest probability the second stage must give a rule found in the message (by the patterns or the
linear models) for it to be reported: the shipped precision check (since the fourteenth linter), on the rules whose
false alarms it removes without losing a violation when each blind set is left out (docs/letters.md; on the tone
rules and conditional promises it loses violations; ``ask-rank`` since the sixteenth linter: one false alarm fewer,
and on the tuning file it drops only the ``ask-rank`` read beside a request for commitment)."""


def _vetoed(stacker: Stacker, rows: dict[str, list[float]], found: set[str], patterns: set[str]) -> set[str]:
    """The rules of ``found`` (those of ``patterns`` only when :data:`STACK_VETO_PATTERNS`) whose booster's
    probability on ``rows`` is below their :data:`STACK_VETO`, and those of ``found`` below their
    :data:`PRECISION_CHECK` (the patterns' too)."""
    judged = found if STACK_VETO_PATTERNS else found - patterns
    return {
        rule
        for rule in found
        if rule in stacker.boosters
        and rule in rows
        and (
            (
                rule in judged
                and rule in STACK_VETO
                and stacker.boosters[rule].probability(rows[rule]) < STACK_VETO[rule]
            )
            or (rule in PRECISION_CHECK and stacker.boosters[rule].probability(rows[rule]) < PRECISION_CHECK[rule])
        )
    }


STACK_GATES = "policy"
"""Which gates judge a rule the second stage adds: ``"all"`` (those of a linear model's finding, cue words
included), ``"policy"`` (every gate but the cue word a model's finding must stand on, which ``ask-rank`` keeps: a word
about rank, list, position, chances or being matched; what the rules allow; one request reported once; the
rules for messages from others keep every gate) or ``"none"`` (only one request reported once); chosen by leaving
each blind set out (docs/letters.md)."""


def _judged(
    pieces: list[Piece],
    k: int,
    flagged: set[str],
    model_scores: dict[str, float],
    present: set[str],
    cue_words: bool = True,
) -> set[str]:
    """The rules of ``flagged`` (a model's, for sentence ``k``) that stand on their cue (see :func:`lint_text`),
    given ``present``, the rules already found there; ``flagged`` is left as it was. ``cue_words`` false: every
    gate but the cue word, except ``ask-rank``'s (and for ``tone-disparaging`` another program or a word running
    it down)."""
    flagged = set(flagged)
    piece = pieces[k]
    before = " ".join(p.norm for p in pieces[max(0, k - 2) : k])
    following = pieces[k + 1] if k + 1 < len(pieces) else None
    for rule_id, cue in _MODEL_CUES.items():
        confident = model_scores[rule_id] >= NO_CUE_NEEDED.get(rule_id, 2.0)
        cues = {match.group(0) for match in cue.finditer(piece.norm)}
        if rule_id == "ask-rank":
            # matching "with a program" or "here or elsewhere": no rank of *this* one
            cues = {match.group(0) for match in cue.finditer(_ANY_MATCH.sub(" ", piece.norm))}
        if rule_id == "ask-rank" and not cues and piece.is_question:
            # "I have drafted my rank list twice. [...] Where do I sit in yours?": the list is named before
            cues = {match.group(0) for match in cue.finditer(before)}
        if rule_id == "tone-self-deprecating":
            # "I had a poor night of sleep before the interview": a circumstance, not the writer, judged
            spans = [match.span() for match in _CIRCUMSTANCE.finditer(piece.norm)]
            cues = {
                match.group(0)
                for match in cue.finditer(piece.norm)
                if not any(start <= match.start() < end for start, end in spans)
            }
        if rule_id == "tone-pleading":
            cues.discard("please")  # a polite "please" is no begging; begging says more, or the model is sure
        if rule_id == "tone-disparaging" and _NAMED_ELSEWHERE.search(piece.text):
            cues.add("another program, named")
        if rule_id == "request-commitment":
            # "there is no guarantee", "without any commitment": a firm word denied is no request for it
            cues = {
                match.group(0) for match in cue.finditer(piece.norm) if not _DENIED.search(piece.norm, 0, match.start())
            }
        if rule_id == "request-commitment" and not _COMMITTED_TO.search(piece.norm):
            # "confirm receipt", "a sample contract": no promise of a rank or place
            cues = {cue for cue in cues if _FIRM_WORDS.fullmatch(cue)}
        if rule_id == "tone-disparaging":
            # another program *and* a word that runs it down; another program alone when the model is fairly
            # sure ("not the PowerPoint-reading you get at most community programs")
            if "tone-disparaging" in flagged and not confident and cue_words:
                negative = _NEGATIVE_CUES.search(piece.norm) is not None
                if not (cues and (negative or model_scores[rule_id] >= ONE_CUE_NEEDED)):
                    flagged.discard(rule_id)
            if "tone-disparaging" in flagged and not cues and _NEGATED_NEGATIVE.search(piece.norm):
                flagged.discard(rule_id)  # "it did not feel like a factory at all": no other program, denied
            continue
        if rule_id in flagged and not confident and not cues and (cue_words or rule_id == "ask-rank"):
            flagged.discard(rule_id)
    if "conditional-promise" in present or "conditional-promise" in flagged:
        flagged -= {"ask-rank", "request-commitment"}
    if "request-commitment" in present and model_scores.get("ask-rank", 0.0) < CONFIDENT:
        flagged.discard("ask-rank")
    if "ask-rank" in present:
        flagged.discard("ask-rank")
        if model_scores.get("request-commitment", 0.0) <= model_scores.get("ask-rank", 0.0):
            flagged.discard("request-commitment")
    if "conditional-promise" in flagged and _NO_TRADE.search(piece.norm):
        flagged.discard("conditional-promise")
    if "ask-rank" in flagged and not (_asks(piece) or _asks_reply(following)):
        flagged.discard("ask-rank")
    if "ask-rank" in flagged and _NOT_A_RANK_LIST.search(piece.norm) and not _RANK_WORD.search(piece.norm):
        flagged.discard("ask-rank")  # "Is my name spelled correctly on the badge list?"
    if "ask-rank" in flagged and _CALENDAR.search(piece.norm) and not _SELF.search(piece.norm):
        flagged.discard("ask-rank")  # "When are rank order lists due for applicants this year?"
    if flagged & {"ask-rank", "request-commitment"} and _only_consideration(piece):
        flagged -= {"ask-rank", "request-commitment"}
    return flagged


def lint_patterns(text: str) -> list[Finding]:
    """Lint one message with the phrase patterns alone against the text rules of ``spec/lint.md``.

    Takes the message text (an optional ``Subject:`` line, then the body) and returns its findings ordered by
    position: ``ask-rank``, ``request-commitment``, ``conditional-promise``, ``first-choice-claim``,
    ``placeholder``, ``tone-pleading``, ``tone-self-deprecating`` and ``tone-disparaging``. Offsets are Python
    string indices into ``text``. Pure: no clock, no files.
    """
    findings: list[Finding] = []
    for start, end in placeholder_spans(text):
        findings.append(_finding("placeholder", (start, end), f"Fill in {text[start:end]!r} before sending."))
    previous: Piece | None = None
    pieces = sentences(text)
    for sentence in pieces:
        findings += _lint_sentence(sentence, previous)
        previous = sentence
    findings += _trades(pieces, findings)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


# --- a trade read as a frame over one or two sentences ------------------------------------------------------

_OWN_TOP = re.compile(
    r"\bmy (?:very )?(?:first|top|number one|highest|1st) (?:place|rank|ranking|spot|preference|choice|position|slot)\b"
    r"|\b(?:number one|first|top) on my (?:\w+ )?list\b|\bgets? (?:my )?(?:first|top) (?:place|spot|rank)\b"
    r"|\byou (?:will|would|shall) (?:\w+ )?be (?:my )?(?:number one|first|on top|at the top)\b"
)
"""The applicant's own first rank, said as a thing to give ("my first place", "number one on my list")."""
_WANTED = re.compile(
    r"\b(?:rank(?:ed|ing)? me|ranked (?:\w+ ){0,2}to match|to match|be matched|i (?:will |would |can )?match"
    r"|i am matched|matching (?:list|spots?|positions?|places?)|(?:safely |securely )?on your (?:\w+ )?list|i am in"
    r"|a seat"
    r"|(?:a|the|my) (?:spot|place|position|slot)(?! on my)|assurance|guarantee\w*|promise\w*|a yes|same consideration"
    r"|the same (?:from|in return|for me)|same in return|do the same|commit to me|be mine|put me|keep me|take me"
    r"|select me)\b"
)
"""What the applicant wants from the program in return: being ranked, matched, a place, an assurance."""
_TRADE_LINK = re.compile(
    r"\b(?:in turn|in return|in exchange|reciprocat\w*|mutual\w*|each other|from your (?:side|end)|(?:a|simple|fair)"
    r" (?:\w+ )?trade|subject to|on the understanding|understanding|lock (?:it|that|this) in|decide it|would decide"
    r"|for the asking|all you need|all it (?:needs|takes)|a yes from you|a deal|if you (?:do|can be|are)|once you"
    r"|provided|as long as|for a guarantee\w*|in kind|return the favou?r|both ways|you make sure|you put me|you rank me"
    r"|you keep me|be mine|same consideration|do the same|the same (?:for me|in return|from you)|as well"
    r"|before i (?:submit|certify|finali[sz]e|lock|decide|commit)|(?:the one|whichever|whoever|the program)"
    r" (?:that|which|who) (?:tells|confirms|assures|promises|ranks|shows|lets))\b"
)
"""What ties the two together as a trade ("in turn", "subject to your assurance", "a yes from you and...")."""


_PASSIVE_RANK = re.compile(r"\b(?:be|am|is|are|been|being|get|got|getting) (?:\w+ )?(?:ranked|placed|listed)\b")


def _trade_window(norms: list[str]) -> bool:
    """True when ``norms`` (one sentence or two) offer the applicant's first rank *for* the program's action."""
    joined = " ".join(norms)
    if _NO_TRADE.search(joined) or not _TRADE_LINK.search(joined):
        return False
    own, wanted = False, False
    for norm in norms:
        claims = [*_claims(norm, _RANK_PROMISE), *_claims(norm, _FIRST_CLAIM), *_OWN_TOP.finditer(norm)]
        own = own or any(not _PASSIVE_RANK.search(m.group(0)) for m in claims)  # "I'll be ranked high" is wanted
        wanted = wanted or bool(_WANTED.search(norm))
    return own and wanted


def _trades(pieces: list[Piece], found: list[Finding]) -> list[Finding]:
    """``conditional-promise`` for a trade written without the sentence patterns' condition: the applicant's first
    rank offered for being ranked, matched or assured, tied by "in turn", "subject to", "a yes from you"…, in one
    sentence or across two ("My top spot is still open. A note saying I'm safely on your list would decide it.")."""
    out: list[Finding] = []
    traded = [(f.start, f.end) for f in found if f.rule == "conditional-promise"]
    for k, piece in enumerate(pieces):
        if any(a < piece.end and piece.start < b for a, b in traded):
            continue
        window: tuple[int, int] | None = None
        if _trade_window([piece.norm]):
            window = (piece.start, piece.end)
        elif (
            k + 1 < len(pieces)
            and not any(a < pieces[k + 1].end and pieces[k + 1].start < b for a, b in traded)
            and _trade_window([piece.norm, pieces[k + 1].norm])
        ):
            window = (piece.start, pieces[k + 1].end)
        if window is not None:
            out.append(_finding("conditional-promise", window))
            traded.append(window)
    return out


_CONSIDERATION = re.compile(
    r"\b(?:considered|consideration|considering|under review|reviewed|being reviewed|for (?:an? |the )?interview\b"
    r"|interview (?:invitation|slot|date|selection|process|list|waitlist)|invitation|application status"
    r"|status of my application|still active)"
)
_RANK_WORDS = re.compile(
    r"\b(?:rank|ranks|ranked|ranking|rank order|list|match|matching|matched|position|top|compare|compared"
    r"|other (?:candidates|applicants|interviewees))\b"
)
_SELF_CUES = re.compile(
    r"\b(?:weak|weakest|poor|low|lower|bad|badly|terrible|average|mediocre|ordinary|nobody|nothing special"
    r"|nothing to offer|much to offer|little to offer|least|below|lack|lacking|deserve|worthy|unworthy|embarrass\w*"
    r"|doubt|failed|failure|inferior|incompetent|useless|hopeless|am nothing|i am a nobody|weakness|weaknesses"
    r"|flaws|shortcomings|weaker|dumb\w*|stupid|foolish|ashamed|league|too old|too slow|worth ranking|not worth"
    r"|least qualified|nothing special|sorry for|apologi[sz]e for my|came across as|nowhere near|measure up|stumbl\w*"
    r"|fumbl\w*|nonexistent|non existent|unimpressive|least \w+|not on your radar|out of my depth|fall short"
    r"|not (?:\w+ ){0,3}(?:good|smart|strong|qualified|bright|intelligent|talented|the best|competitive|enough"
    r"|capable)|never (?:\w+ ){0,2}(?:good|strong|bright|smart)|better (?:\w+ ){0,3}than me|pathetic|red flags?"
    r"|long shot|trash|mess|disaster|thin|no business|material|pass(?:ed)? (?:me )?over|laugh\w*|a stretch"
    r"|not much|nothing to write home)\b"
)
_CIRCUMSTANCE = re.compile(
    r"\b(?:weak|poor|low|bad|badly|terrible|average|mediocre|lack|lacking|thin|mess|disaster)\s+(?:\w+\s+)?"
    r"(?:night|nights|sleep|weather|flight|flights|traffic|connection|internet|wifi|signal|commute|coffee|food"
    r"|jet lag|cold|storm|snow|rain|delay|delays)\b"
)
"""A word of :data:`_SELF_CUES` that says how a circumstance went ("a poor night of sleep", "bad weather", "a weak
signal"), not what the writer is: no self-judgement."""
_PLEADING_CUES = re.compile(
    r"\b(?:beg|begging|beseech|plead|pleading|desperate|desperately|desperation|mercy|pity|please|last (?:chance"
    r"|hope)|only hope|anything|whatever|depends|dream|save|knees|indebted|reject|rejection|nowhere|no other"
    r"|cannot bear|running out|(?<!would )(?<!will )(?<!could )(?<!can )(?<!to )help me|need this|pray|take me"
    r"|select me|day and night|any complaint"
    r"|any conditions)\b"
)
_DISPARAGING_CUES = re.compile(
    r"\b(?:other|others|rest|elsewhere|everywhere else|most|many|all the|compared|competition|only (?:decent"
    r"|serious|good)|only (?:\w+ ){0,2}(?:one|program|place)|remaining|any other|every other|almost every|except"
    r"|anywhere else|big name|of all the|the ones i|(?:programs?|places?|hospitals?|interviews?) (?:[\w-]+ ){0,4}i"
    r" (?:visited|saw|interviewed|attended|went to|applied to)|unlike|different from|contrast|than (?!i\b)"
    r"|elsewhere|the ones|whose residents|where the residents|where residents|big(?:ger)? names?|places like"
    r"|programs like|sister program|(?:programs?|places?|interviews?|hospitals?) where|in the region|around here"
    r"|down the road|in town|on the trail|this season|some places|some programs|certain (?:programs|places)"
    r"|(?:the|those|these) [\w\"-]+ ones|the \"[\w -]+\"|centres|centers|can not say the same|same for)\b"
)
_NEGATIVE_CUES = re.compile(
    r"\b(?:poor|poorly|bad|badly|mediocre|second rate|third rate|substandard|disappointing|disappointed|boring"
    r"|chaotic|disorgani[sz]ed|unprofessional|rude|arrogant|cold|unfriendly|miserable|unhappy|toxic|malignant"
    r"|disaster|joke|waste|dirty|weak|worse|worst|inferior|terrible|awful|horrible|sloppy|careless|uninterested"
    r"|indifferent|dismissive|factories|factory|overworked|exploit\w*|shocked|not (?:\w+ )?(?:care|cared|good)"
    r"|do not compare|does not compare|nowhere near|far below|below your|come close|comes close|to shame|like a number"
    r"|badly run|run down|lacking|lacked|nothing|only (?:\w+ ){0,2}(?:serious|decent|real|proper|professional)"
    r"|sweatshop|clueless|disappointment|uninspired|outdated|barely|worst enemy|a shame|miles ahead|fresh air"
    r"|second rate|waste of|like a number|shame|mess|messy|hopeless|bitter|stuck in the past|embarrass\w*"
    r"|cheap labou?r|letdown|let down|complain\w*|exhausted|arrogant|dismissive|outdated|did not even|did not bother"
    r"|could not care|phones?|factory|chaos|cared|care about|badly|trash|lame|circus|sweatshops?|disgrace|cattle"
    r"|mills?|bored|asleep|second class|into the ground|nobody bothered|did not even|does not know|do not know"
    r"|pathetic|corners|get away|gets away|got away|babysit\w*|hand holding|spoon ?fe\w*|warned me|another class"
    r"|a relief|nobody (?:\w+ ){0,2}(?:knew|cared|seemed|bothered|knows)|no one (?:\w+ ){0,2}(?:knew|cared|seemed))\b"
)
_TRADE_WORDS = re.compile(
    r"\b(?:if|provided|providing|as long as|in exchange|in return|once|should you|on condition|so long as"
    r"|(?:you|me)\b[^.?!]{0,40}\band i"
    r"|then|so that i|unless|only when|in turn|fair|deal|trade|quid pro quo|favou?r|mutual|each other|as soon as"
    r"|in case|the moment|all i need|depends|count on|can count|offer|proposal|in that case|once i"
    r"|after you|when you|the same for you|whichever|condition|give me|you rank me|we both|both sides|both get"
    r"|reciprocat\w*|goes both ways|feeling is mutual|were you to|were (?:your|the) \w+ to|should (?:your|the) \w+"
    r"|assuming|given that you|whenever you|both of us|return the favou?r|likewise"
    r"|(?:tell|show|assure|promise|guarantee|confirm) me (?:that )?i[^.?!]{0,60}\band\b)\b"
)


_NAMED_ELSEWHERE = re.compile(
    r"(?<=\w)[ \t]+(?:at|from|in|with|unlike|than|to|after|like|over|versus|vs)[ \t]+(?!I\b)[A-Z][\w&'-]+"
    r"|\b(?!I\b)[A-Z][\w&-]+(?:'s|\u2019s)[ \t]+(?:so-called[ \t]+)?[a-z]"
)
"""A program named in the sentence (a capitalised name after "at", "unlike", ...): with a word that runs it down,
the cue of another program the model's ``tone-disparaging`` needs."""
_NO_TRADE = re.compile(
    r"\b(?:not|no|never|nothing|without)\b[^.?!]{0,40}\bin (?:return|exchange)\b|\bno matter\b|\bregardless\b"
    r"|\bunconditionally\b|\bwhatever (?:you|the program) decide"
)
CONFIDENT = 0.9
"""A model score at or above which a sentence flagged for ``request-commitment`` may also keep ``ask-rank``."""
NO_CUE_NEEDED: dict[str, float] = {"tone-pleading": 0.9, "tone-self-deprecating": 0.95, "tone-disparaging": 0.9}
ONE_CUE_NEEDED = 0.7
"""A model ``tone-disparaging`` score at or above which another program is cue enough; below it, a word that runs it
down is needed too (a word alone is not: "it did not feel like a factory at all")."""
"""Per rule, a model score at or above which its finding needs no cue word (begging, running oneself or others
down have too many wordings to list); ``ask-rank`` still needs a question or request either way."""
_COMMITMENT_CUES = re.compile(
    r"\b(?:promise\w*|guarantee\w*|assur\w*|reassur\w*|commit\w*|confirm\w*|secure|offer|contract|sign|reserve"
    r"|hold|lock|yes|word|certain|certainty|sure|outside|before (?:the )?match|rank me|ranking me|take me|accept me"
    r"|select me|selection|spot|seat|place|position|binding|pledge|count on|agree|definitely|match me|taking me"
    r"|directly|without (?:the )?(?:nrmp|match)|ensure|make sure|see to it|arrange|in ink|in writing|skip)\b"
)
_COMMITTED_TO = re.compile(
    r"\b(?:rank\w*|list|matched|to match|match me|the match|spot|spots|seat|place|position|slot|accept me|take me"
    r"|select me|left out|my name|in ink|mine|yes|i match|match (?:with|at|here|there|into)|selected|selection|chosen"
    r"|offer|appointment|outside (?:the )?(?:nrmp|match)|me in|sign (?:today|now|me|early))\b"
)
"""What a promise the applicant asks for is about (a rank, a place, being matched): without it, a confirmation,
contract or date is no request for a commitment unless a firm word (promise, guarantee...) says so."""
_DENIED = re.compile(r"\b(?:no|not|never|without|nor)\s+(?:\w+\s+){0,2}$")
"""A negation just before a word ("no guarantee", "not any promise")."""
_FIRM_WORDS = re.compile(r"(?:promise|guarantee|assur|reassur|commit|pledge)\w*|binding|word|in ink")
_RANK_CUES = re.compile(
    r"\b(?:rank\w*|rol|list|position|positions|standing|stand|fall|land|match\w*|chance|chances|odds|likel\w*"
    r"|prospects?|selected|selection|spot|spots|seat|place|placed|top|high|higher|highly|competitive|compar\w*"
    r"|ahead|plans|considered|consideration|secure|safe|merit|tier|cut|line|range|number|rated|rating|candidacy"
    r"|chosen|choose|picked|sees me|see me|view me|landed|scored|against the others|where i|on me|about me)\b"
)
_NEGATED_NEGATIVE = re.compile(r"\b(?:not|never|nothing|hardly|no)\b(?:\s+[\w']+){0,4}?\s+" + _NEGATIVE_CUES.pattern)
"""A word that runs a place down, denied ("did not feel like a factory", "nothing chaotic about it")."""
_MODEL_CUES: dict[str, re.Pattern[str]] = {
    "ask-rank": _RANK_CUES,
    "request-commitment": _COMMITMENT_CUES,
    "conditional-promise": _TRADE_WORDS,
    "tone-self-deprecating": _SELF_CUES,
    "tone-pleading": _PLEADING_CUES,
    "tone-disparaging": _DISPARAGING_CUES,
}
"""A word the model's finding must stand on: a condition or trade, a self-judgement, begging, a comparison."""


_REPLY_ASKED = re.compile(
    r"^(?:(?:sir|madam|ma'am|doctor|dr)\b[ ,]*)?(?:please|kindly|do)? ?(?:reply|respond|revert|answer|write back)\b"
    r"|\b(?:a|your) (?:simple |short |quick )?(?:yes or no|yes/no)\b|^(?:awaiting|waiting for) your (?:kind )?(?:reply"
    r"|response|answer)\b|^(?:i am )?(?:eagerly |anxiously )?(?:awaiting|waiting for) your (?:kind )?(?:reply|response"
    r"|answer)\b"
)


_CALENDAR = re.compile(
    r"\b(?:when|what date|by when|how long|deadline)\b[^.?!]{0,50}\b(?:due|deadlines?|certif\w*|open\w*|close\w*"
    r"|submit\w*)\b"
)
_SELF = re.compile(r"\b(?:i|me|my|mine|myself|i'm|im)\b")
"""A question about the Match's calendar ("When are rank order lists due for applicants this year?") asks nothing
about the writer's rank: the model's ``ask-rank`` needs the writer in the sentence there."""
_RANK_WORD = re.compile(r"\b(?:rank\w*|rol|match\w*|merit|position|standing|chances?|odds|top|high\w*)\b")


def _asks_reply(piece: Piece | None) -> bool:
    """True when ``piece`` (the sentence after a flagged one) asks for a reply to it ("Please reply when free.",
    "A yes or no is fine."): the request frame of a question written as a statement."""
    return piece is not None and bool(_REPLY_ASKED.search(piece.norm))


def _only_consideration(piece: Piece) -> bool:
    """True when a sentence asks whether the applicant is (still) being considered, and not about rank."""
    norm = _CONSIDERATION_FREE.sub(" ", piece.norm)
    return bool(_CONSIDERATION.search(piece.norm)) and not _RANK_WORDS.search(norm)


_CONSIDERATION_FREE = re.compile(r"\b(?:interview (?:list|waitlist|position|slot)s?|waiting list|wait list)\b")


def _lint_sentence(sentence: Piece, previous: Piece | None) -> Iterable[Finding]:
    asks = _asks(sentence)
    found: list[Finding] = []
    conditional = _conditional(sentence, previous)
    if conditional:
        found.append(_finding("conditional-promise", sentence))
    seen: set[str] = set()
    for clause in clauses(sentence):
        if not conditional:
            commitment = _request_commitment(clause, asks)
            if commitment and "request-commitment" not in seen:
                seen.add("request-commitment")
                found.append(_finding("request-commitment", clause))
            if (
                not commitment
                and "ask-rank" not in seen
                and _ask_rank(clause, asks)
                and not _only_consideration(sentence)
            ):
                seen.add("ask-rank")
                found.append(_finding("ask-rank", clause))
            if "first-choice-claim" not in seen and _first_choice(clause):
                seen.add("first-choice-claim")
                found.append(_finding("first-choice-claim", clause))
    for rule_id, pattern in (
        ("tone-pleading", _PLEADING),
        ("tone-self-deprecating", _SELF_DEPRECATING),
        ("tone-disparaging", _DISPARAGING),
    ):
        if pattern.search(sentence.norm):
            found.append(_finding(rule_id, sentence))
    return found
