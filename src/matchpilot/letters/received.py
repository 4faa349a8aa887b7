"""Messages from others (``spec/lint.md``, ``--from program`` and ``--from mentor``).

A program's message is read for what programs may not ask or offer: how the applicant will rank it, which other
programs the applicant applied to or interviewed with, a commitment to rank it, a position outside the Match.
A finding there is the program's breach; its message tells the applicant what they may do (not answer, reply
with interest alone, report it to the NRMP). A mentor's letter on the applicant's behalf is read for pressure on
the program or a request for a ranking promise or ranking information. The applicant's own rules never run on
these messages. Patterns read normalised sentences, as :mod:`matchpilot.letters.lint` does.
"""

from __future__ import annotations

import re

from matchpilot.letters.findings import RECEIVED_RULES, RULES, SENDERS, Finding
from matchpilot.letters.intent import RECEIVED_MODEL_RULES, message_scores, score_sentences
from matchpilot.letters.lint import STACK_GATES
from matchpilot.letters.stack import evidence, load_stacker
from matchpilot.letters.text import Piece, sentences

__all__ = ["lint_received", "received_patterns", "received_stack_evidence"]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{part})" for part in parts))


_US = r"(?:us|our program|our residency|our institution|our hospital|this program|the program|our department)"
_YOU_RANK = r"(?:you|you will|you would|you plan to|you intend to|you are going to|you might)"

_PROGRAM_ASKS_RANK = _rx(
    rf"\b(?:how|where)\s+(?:high(?:ly)?\s+)?(?:will|would|do|are|might)\s+you\s+(?:\w+\s+){{0,2}}?(?:rank|ranking"
    rf"|place|placing|list|listing|put|putting)\s+{_US}",
    rf"\b(?:how|where)\s+(?:high(?:ly)?\s+)?{_YOU_RANK}\s+(?:\w+\s+){{0,2}}?(?:rank|place|list|put)\s+{_US}",
    rf"\bwhere\s+{_US}\s+(?:will\s+|would\s+)?(?:fall|falls|stand|stands|sit|sits|be|is|are|rank|ranks)\s+"
    r"(?:\w+\s+){0,2}?(?:on|in)\s+your\s+(?:rank\s+)?(?:order\s+)?list",
    r"\b(?:are we|is (?:our|this) (?:program|residency)|will (?:we|our program) be|would (?:we|our program) be)\s+"
    r"(?:\w+\s+){0,2}?(?:your|the)\s+(?:first|top|number one|#1|1st)\s*(?:choice|pick|program)?",
    rf"\b(?:whether|if)\s+(?:we are|our program is|this program is|{_US} (?:is|are|will be))\s+(?:\w+\s+){{0,2}}?"
    r"(?:your|the)\s+(?:first|top|number one)\b",
    rf"\b(?:will|would|do)\s+you\s+(?:\w+\s+){{0,2}}?(?:rank|ranking|list|place)\s+{_US}\s+(?:\w+\s+){{0,2}}?"
    r"(?:first|highly|high|number one|at the top|on top|above)",
    r"\b(?:where|how)\s+(?:you|you will|you would|you plan to)\s+(?:\w+\s+){0,2}?rank\s+(?:our|this|the)\s+program",
    r"\b(?:let us know|tell us|share with us|inform us|confirm)\s+(?:\w+\s+){0,3}?(?:how|where|whether|if)\s+"
    r"(?:you|you will|you plan to)\s+(?:\w+\s+){0,2}?(?:rank|list|place)",
    r"\byour\s+(?:rank|ranking)\s+(?:intentions|plans|order|of programs)\b",
    r"\b(?:what|which)\s+(?:number|position|spot|place)\s+(?:\w+\s+){0,3}?(?:you|your list)\b",
    r"\b(?:your|the)\s+(?:first|top|number one)\s+choice\s*\?",
    r"\bare we (?:at |near )?the top of your (?:rank )?list\b",
    # "will we be ranked above the programs closer to home?"
    r"\b(?:will|would|are|were|shall)\s+(?:we|our program|this program)\s+(?:\w+\s+)?(?:be\s+)?(?:ranked|placed"
    r"|listed)\s+(?:above|ahead of|below|higher|lower|over|first|highly|high)\b",
)
_PROGRAM_ASKS_OTHERS = _rx(
    r"\b(?:which|what|where|how many)\s+(?:other\s+)?(?:programs|places|residencies|hospitals|institutions)\s+"
    r"(?:\w+\s+){0,3}?(?:applied|apply|interviewed|interviewing|interview|ranking|rank|considering|visited|heard)",
    r"\bwhere\s+(?:else\s+)?(?:have|did|are)\s+you\s+(?:\w+\s+){0,2}?(?:applied|apply|interviewed|interviewing"
    r"|interview|ranking)",
    r"\b(?:where|which programs)\s+else\b",
    r"\b(?:list|names?)\s+of\s+(?:the\s+)?(?:other\s+)?(?:programs|places|residencies)\s+(?:\w+\s+){0,3}?(?:you|your)",
    r"\bother\s+(?:programs|interviews|offers)\s+(?:\w+\s+){0,3}?(?:you|you have|you are)\s+(?:\w+\s+){0,2}?"
    r"(?:applied|interview|interviewed|considering|ranking|received|attended|have)",
    r"\b(?:tell|let)\s+us\s+(?:know\s+)?(?:\w+\s+){0,3}?other\s+(?:programs|interviews)",
    r"\b(?:did|have|are|were|will)\s+you\s+also\s+(?:\w+\s+)?(?:interview|interviewed|interviewing|apply|applied"
    r"|applying|visit|visited|rank|ranking|considering)\b",
)
_PROGRAM_REQUESTS_COMMITMENT = _rx(
    r"\b(?:promise|assure|guarantee|swear|pledge)\s+(?:us|me)\b[^.?!]{0,60}?\b(?:rank|list|put|place)\b[^.?!]{0,30}?"
    r"\b(?:first|number one|at the top|top|highly|high)\b",
    rf"\b(?:commit|promise|pledge|agree|guarantee)\s+(?:to\s+)?(?:us\s+)?(?:\w+\s+){{0,2}}?(?:rank|ranking|list"
    rf"|place|placing)\s+{_US}",
    r"\b(?:commit|promise|pledge)\s+(?:yourself\s+)?to\s+(?:us|our program|this program|the program)\b",
    r"\b(?:your|a|written|firm)\s+(?:\w+\s+)?(?:commitment|promise|pledge|assurance|guarantee)\s+(?:\w+\s+){0,3}?"
    r"(?:to rank|that you will rank|that we will be|that you will list|to list|to put)",
    rf"\b(?:confirm|assure us|guarantee|state in writing|put in writing)\s+(?:\w+\s+){{0,3}}?(?:that\s+)?you\s+"
    rf"(?:will|would|are going to)\s+(?:\w+\s+)?(?:rank|list|put|place)\s+{_US}",
    rf"\b(?:rank|list|put|place)\s+{_US}\s+(?:first|number one|at the top|highly|high)\b[^.?!]{{0,40}}\b(?:and|so)\s+"
    r"we\s+(?:will|would|can)",
    r"\bif\s+you\s+(?:\w+\s+){0,2}?(?:rank|list|put|place)\s+(?:us|our program)\s+(?:first|number one|highly|high"
    r"|at the top)",
    r"\b(?:statement|letter|declaration|pledge|note)\s+of\s+(?:your\s+)?intent\s+to\s+(?:rank|list|put|place)\b",
    # "can we count on you to put us first?"
    rf"\b(?:count on|rely on|trust|depend on)\s+you\s+to\s+(?:\w+\s+)?(?:rank|list|put|place|keep)\s+{_US}\s+"
    r"(?:first|number one|at the top|on top|highly|high)\b",
    r"\b(?:stating|state|declare|declaring|confirm|confirming|assure us|guarantee|promise|promising|writing)\s+"
    r"(?:\w+\s+){0,3}?that\s+you\s+(?:will|would|are going to)\s+(?:\w+\s+)?(?:rank|list|put|place)\s+"
    r"(?:[\w&'.-]+\s+){1,3}?(?:first|number one|at the top|highest|highly)\b",
)
_NOT_A_SAMPLE = (
    r"(?<!sample )(?<!example )(?<!specimen )(?<!template )(?<!draft )(?<!model )(?<!copy of the )(?<!copy of our )"
    r"(?<!copy of a )(?<!copy of your )"
)
"""Before a contract's noun: a sample, example or copy of a contract sent to be read is no offer (signing one
still is, by its own pattern)."""
_PROGRAM_OFFER = _rx(
    r"\bprematch\b|\bpre match\b|\bpre-match\b",
    rf"{_NOT_A_SAMPLE}\b(?:position|spot|place|seat|offer|contract|agreement)\b[^.?!]{{0,60}}?\b(?:outside|before"
    r"|prior to|ahead of|in advance of)\s+(?:of\s+)?(?:the\s+)?(?:nrmp\s+|main\s+)?(?:match|nrmp)\b",
    r"\b(?:outside|before|prior to|ahead of)\s+(?:of\s+)?(?:the\s+)?(?:nrmp\s+|main\s+)?(?:match|nrmp)\b[^.?!]{0,60}?"
    rf"{_NOT_A_SAMPLE}\b(?:position|spot|place|seat|offer|contract|agreement|sign|accept)\b",
    r"\b(?:withdraw|withdrawing|pull out)\s+(?:\w+\s+){0,2}?from\s+the\s+(?:nrmp\s+|main\s+)?match\b",
    r"\b(?:sign|signing|accept|accepting)\s+(?:a|an|the|our)?\s*(?:\w+\s+)?(?:contract|offer|agreement)\b[^.?!]{0,40}?"
    r"\b(?:now|today|this week|before|by|immediately|early|outside)\b",
    r"\b(?:early|direct|off match|guaranteed)\s+(?:offer|contract|appointment|position)\b",
    r"\bwithout (?:\w+\s+){0,3}?(?:going|having to go|entering|participating in|waiting for) (?:through "
    r"|in |for )?(?:the )?"
    r"(?:nrmp |main )?match\b",
    r"\b(?:skip|skips|bypass|bypasses|avoid|leave|withdraw from|need not enter|not need to enter|no need to enter)\s+"
    r"(?:\w+\s+)?(?:the\s+)?(?:nrmp|match)\b|\bno (?:nrmp |main )?match (?:needed|required|necessary)\b",
    r"\bno need to (?:wait for|go through|enter|bother with) (?:the )?(?:nrmp |main )?match\b",
    r"\b(?:signed|sign)\b[^.?!]{0,40}?\b(?:offer|contract|agreement)\b[^.?!]{0,60}?\b(?:before|prior to|ahead of)\b",
)

_THEM = (
    r"(?:him|her|them|this applicant|this candidate|the applicant|the candidate|my student|my mentee|my trainee"
    r"|my resident|dr\.? [a-z][\w'-]+|mr\.? [a-z][\w'-]+|ms\.? [a-z][\w'-]+|[a-z][\w'-]+)"
)
_THIRD_PARTY_PRESSURE = _rx(
    r"\b(?:i|we) (?:will|shall) (?:remember|not forget) (?:this|that|it|your)\b",
    r"\bdo not (?:disappoint me|let me down)\b",
    rf"\bkeep me (?:informed|posted|updated|in the loop)\b[^.?!]{{0,60}}?\b(?:rank\w*|list|position|where {_THEM})\b",
    rf"\byou\s+(?:must|have to|need to|should|ought to|will want to)\s+(?:\w+\s+)?(?:rank|take|accept|select|match"
    rf"|place|list)\s+{_THEM}",
    r"\b(?:i|we)\s+(?:expect|insist|demand|require|trust)\s+(?:that\s+)?(?:you\s+)?(?:\w+\s+){0,2}?(?:rank|take"
    r"|accept|select|match|place|list)",
    r"\b(?:give|offer|grant|find)\s+(?:him|her|them|[a-z]+)\s+(?:a\s+|an\s+)?(?:guaranteed|assured|secure|certain)\s+"
    r"(?:place|spot|position|seat)\b",
    r"\b(?:strain|damage|harm|hurt|jeopardi[sz]e|affect|sour)\s+(?:[\w']+\s+){0,3}?(?:relationship|relations"
    r"|collaboration|partnership|ties|referrals)\b",
    r"\b(?:would|will)\s+(?:be|look)\s+(?:a|very)?\s*(?:\w+\s+)?(?:disappointed|unfortunate|embarrass\w*|remember)"
    r"\b[^.?!]{0,60}\b(?:not|fail)\b[^.?!]{0,30}\b(?:rank|ranked|match|matched|take|taken)",
    r"\b(?:not|fail to|failing to)\s+(?:\w+\s+){0,2}?(?:rank|ranked|match|matched)\s+(?:\w+\s+){0,3}?(?:strain|damage"
    r"|harm|hurt|consequences|reconsider|remember)",
    rf"\b(?:promise|guarantee|assure|commit|pledge)\s+(?:me\s+|us\s+)?(?:\w+\s+){{0,2}}?(?:that\s+)?(?:you\s+"
    rf"(?:will|would)\s+)?(?:rank|match|take|accept|place)\s+{_THEM}",
    rf"\b(?:your|a|some)\s+(?:\w+\s+)?(?:assurance|guarantee|commitment|promise|word)\s+(?:\w+\s+){{0,3}}?(?:that\s+)?"
    rf"(?:{_THEM})\s+(?:will|would)\s+(?:be\s+)?(?:ranked|matched|match|taken|accepted)",
    rf"\b(?:please|kindly)\s+(?:\w+\s+){{0,2}}?(?:rank|place|put|list)\s+{_THEM}\s+(?:\w+\s+){{0,2}}?(?:high|highly"
    r"|first|at the top|to match|number one)",
    rf"\b(?:ensure|make sure|see to it)\s+(?:that\s+)?{_THEM}\s+(?:\w+\s+)?(?:matches|match|is ranked|gets|is taken)",
    # "Sarah Levin needs to match with you."
    rf"\b{_THEM}\s+(?:needs|has|must|ought)\s+(?:to\s+)?(?:(?:match|be matched|be taken)\s+(?:(?:with|at|by)\s+"
    r"(?:you|yours|your\s+\w+)|here)|be ranked\s+(?:highly|high|first|to match))\b",
    rf"\b(?:let me know|tell me|share|inform me)\s+(?:\w+\s+){{0,3}}?(?:where|how high|whether|if)\s+{_THEM}\s+"
    r"(?:\w+\s+){0,3}?(?:stands|falls|ranked|is ranked|will be ranked|will match|is on your)",
    rf"\b(?:rank|ranking)\s+{_THEM}\s+(?:\w+\s+){{0,2}}?(?:high|highly|first|at the top|to match)\b[^.?!]{{0,40}}"
    r"\b(?:or|otherwise|else)\b",
    r"\b(?:i|we) (?:will|would) (?:\w+ )?(?:send|refer|recommend) (?:\w+ ){0,3}?(?:students|applicants|residents)"
    r"[^.?!]{0,40}\bif\b",
    # a consequence tied to the applicant not being ranked or matched, in either order
    r"\b(?:awkward|unfortunate|a shame|disappointed|disappointing|regret|hate|suffer|reconsider|remember|hard to"
    r"|difficult|at risk|strain)\b[^.?!]{0,80}\b(?:if|should|were|in case)\b[^.?!]{0,50}\b(?:not|never|passed over"
    r"|left off|fail\w*)\b",
    r"\b(?:if|should|were)\b[^.?!]{0,50}\b(?:not|never|passed over|left off|fail\w*)\b[^.?!]{0,40}\b(?:ranked|rank"
    r"|match|matched|end up|taken|selected)\b[^.?!]{0,60}\b(?:awkward|unfortunate|shame|disappointed|regret|suffer"
    r"|reconsider|remember|strain|damage|consequences|relationship|collaboration|referrals)\b",
)
_PROGRAM_ASKS_RANK_ASKED = _rx(
    r"\b(?:whether|if)\s+(?:[\w&'.-]+\s+){1,3}?(?:is|will be|remains|would be)\s+(?:still\s+)?(?:your|the)\s+(?:first"
    r"|top|number one)\b",
    r"\b(?:is|are)\s+(?:[\w&'.-]+\s+){1,3}?(?:still\s+)?(?:number one|first|your first|your top"
    r"|at the top)\s+(?:for you"
    r"|on your list|choice)",
    r"\b(?:you|you will|you would|you plan to|you intend to)\s+(?:be\s+)?(?:\w+\s+)?(?:rank|ranking|list"
    r"|listing|put|putting"
    r"|place|placing)\s+(?:us|our program|this program|[\w&'.-]+)\s+(?:first|higher|highest|number one"
    r"|at the top|on top"
    r"|near the top|above)",
    r"\b(?:most likely|likely|going|planning)\s+to\s+rank\s+(?:first|highest|number one|at the top)",
    r"\b(?:where|how high|how highly)\s+(?:[\w&'.-]+\s+){0,3}?(?:sits|sit|stands|stand|falls|fall"
    r"|will land|lands|ranks)\s+"
    r"(?:\w+\s+){0,2}?on\s+your\s+(?:\w+\s+){0,2}?list",
)
_THIRD_PARTY_ASKED = _rx(
    r"\b(?:her|his|their|[a-z]+'s)\s+(?:position|place|standing|rank|ranking|spot)\s+(?:on|in|within)\s+(?:your|the)\b",
    r"\bhow\s+(?:high|highly|well|far)\s+(?:he|she|they|[a-z]+)\s+(?:\w+\s+){0,5}?(?:on|in)\s+(?:[\w&'.-]+\s+){0,2}?"
    r"(?:list|ranking|rank)",
    r"\bhow\s+(?:the committee|you|your committee|your team)\s+(?:\w+\s+){0,2}?(?:ranked|rated|scored|placed)\s+"
    r"(?:him|her|them|[a-z]+)\b",
    r"\bhow\s+(?:he|she|they|[a-z]+)\s+(?:did|does|is doing|fared|fares|came out|stands"
    r"|ranks)\s+(?:\w+\s+){0,2}?(?:on|in)"
    r"\s+(?:your|the)\s+(?:\w+\s+)?(?:list|ranking|rank)",
    r"\b(?:promise|assure|guarantee|confirm)\s+(?:me|us)?\s*(?:\w+\s+){0,2}?that\s+(?:he|she|they"
    r"|[a-z]+)\s+(?:will|would)"
    r"\s+(?:\w+\s+){0,2}?(?:be selected|be offered|be given|be among|get|be taken|be ranked|match|be matched)",
)
_ASKED_PATTERNS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "program": (("program-asks-rank", _PROGRAM_ASKS_RANK_ASKED),),
    "mentor": (("third-party-pressure", _THIRD_PARTY_ASKED),),
}
"""Patterns that are a breach only when the sentence asks (a question or a request: :data:`_ASKS_US`)."""
_NEGATED = re.compile(r"\b(?:not|never|no|cannot|would not|will not|do not|does not)\b[^.?!]{0,20}$")

_PATTERNS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "program": (
        ("program-offer-outside-match", _PROGRAM_OFFER),
        ("program-requests-commitment", _PROGRAM_REQUESTS_COMMITMENT),
        ("program-asks-rank", _PROGRAM_ASKS_RANK),
        ("program-asks-other-programs", _PROGRAM_ASKS_OTHERS),
    ),
    "mentor": (("third-party-pressure", _THIRD_PARTY_PRESSURE),),
}
_ACKNOWLEDGED = re.compile(
    r"\b(?:we|the program|our program)\s+(?:do|does|will|would|cannot|can)\s*(?:not|never)\s+(?:\w+\s+){0,2}?"
    r"(?:ask|request|require|expect|need|offer|discuss)"
    r"|\b(?:nrmp|match) (?:rules|policy|guidelines) (?:do not|does not|prohibit|forbid)"
    r"|\byou (?:do not|need not|are not required to|should not feel obliged to)"
    r"|\b(?:filled|fill|offered|recruited|appointed) (?:\w+ )?through the (?:nrmp )?match\b"
    r"|\bonly (?:after|once) (?:the )?(?:match|match day|results)\b"
)


def _finding(rule_id: str, piece: Piece) -> Finding:
    rule = RULES[rule_id]
    return Finding(rule.id, rule.severity, piece.start, piece.end, rule.message(), rule.rewrite)


def received_patterns(text: str, sender: str) -> list[Finding]:
    """Lint a message from ``sender`` (``program`` or ``mentor``) with the phrase patterns alone.

    Returns findings ordered by position, one per rule and sentence. Raises ``ValueError`` for another sender.
    """
    if sender not in RECEIVED_RULES:
        raise ValueError(f"unknown sender {sender!r}: use one of {', '.join(SENDERS[1:])}")
    findings: list[Finding] = []
    for sentence in sentences(text):
        norm = sentence.norm
        if _ACKNOWLEDGED.search(norm):
            continue
        asked = sentence.is_question or _ASKS_US.search(norm) is not None
        patterns = _PATTERNS[sender] + (_ASKED_PATTERNS[sender] if asked else ())
        for rule_id, pattern in patterns:
            if any(f.rule == rule_id and f.start == sentence.start for f in findings):
                continue
            for match in pattern.finditer(norm):
                if _NEGATED.search(norm[max(0, match.start() - 30) : match.start()]):
                    continue
                findings.append(_finding(rule_id, sentence))
                break
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


_ASKS_US = re.compile(
    r"\?|\b(?:let us know|tell us|share|inform us|confirm|please|kindly|we would (?:like|love|appreciate)|we need"
    r"|may we|could you|would you|can you|do you mind|we ask|we request|we want|we'd|help us|let me know|tell me"
    r"|curious|wondering|question|survey|list|if you can|if you could|if you will|assure us|give us|send us"
    r"|reply to confirm|we would need|you need to|in return|grateful|be honest|be candid|informally|gauge|find out"
    r"|are we|is (?:our|this) program|will you|would you|do you|did you|have you|mention|name|indicate|stating"
    r"|state|reply|return|we ask|we are asking|asked me|would like|we'd like|like to know|trying to)\b"
)
_RECEIVED_CUES: dict[str, re.Pattern[str]] = {
    "program-asks-rank": re.compile(
        r"\b(?:rank|ranks|ranking|ranked|list|first|top|number one|choice|order|where|how high)\b"
    ),
    "program-asks-other-programs": re.compile(
        r"\b(?:other|others|else|elsewhere|which|where|programs|interviews|interviewed|applied|invitations|offers"
        r"|running|competing|considering)\b"
    ),
    "program-requests-commitment": re.compile(
        r"\b(?:commit\w*|promise\w*|pledge\w*|assur\w*|guarantee\w*|word|confirm\w*|statement|sign\w*|intent"
        r"|writing|written|agree\w*|rank us (?:first|number one|at the top|highly)|will rank us|in return"
        r"|in exchange|we will rank you|make sure you match|first choice|top choice|number one|top of your \w*\s?list"
        r"|firm\w*|definite\w*|certain\w*|for sure|pledge|rank us)\b"
    ),
    "program-offer-outside-match": re.compile(
        r"\b(?:outside|without|non match|off match|before (?:the )?match|ahead of|early|directly|direct|appoint\w*"
        r"|contract|offer\w*|hold|sign\w*|guaranteed|bypass\w*|withdraw\w*|skip\w*|not go through)\b"
    ),
    "third-party-pressure": re.compile(
        r"\b(?:must|insist\w*|need you|needs to|expect\w*|trust you|favou?r|promise\w*|assur\w*|guarantee\w*"
        r"|confirm\w*|ensure|make sure|see to it|counting on|count on|difficult|relationship|arrangement|continue"
        r"|remember|owe|mistake|regret|whether|where|if|rank|ranked|ranking|match|matches|lock|look bad|consider"
        r" it)\b"
    ),
}
"""A word a model finding on a message from others must stand on (as :mod:`matchpilot.letters.lint` does)."""
_SAMPLE_CONTRACT = re.compile(
    r"\b(?:sample|example|specimen|template|draft|model|copy of (?:the|our|a|your))\s+(?:\w+\s+)?(?:contract"
    r"|agreement)s?\b"
)
_BINDING = re.compile(
    r"\b(?:sign\w*|accept\w*|offer\w*|commit\w*|guarantee\w*|outside|without|bypass\w*|withdraw\w*|skip\w*"
    r"|appoint\w*|hold|reserve\w*|binding|early|directly)\b"
)
"""A sample contract sent to be read before Match Day is no offer outside the Match, unless the sentence also asks
to sign, accept or commit (or says outside the Match)."""
_ASKING_RULES = frozenset({"program-asks-rank", "program-asks-other-programs", "program-requests-commitment"})
_DECLINED = re.compile(
    r"\b(?:(?:please|kindly|we ask you|we would ask you|we request that you|we request you)\s+)?"
    r"(?:do not|never|not to|no need to|need not|do not need to|do not have to)\s+"
    r"(?:\w+\s+){0,2}?(?:tell|share|disclose|reveal|let us know|inform|send|give|mention|indicate|say|discuss"
    r"|answer)\b[^.?!;]{0,60}"
)
"""A request *not* to say something ("please do not tell us how you rank", "we ask you not to disclose where else
you interviewed"): a program may ask an applicant to keep their rank to themselves; what the sentence asks is
read without it (:func:`_asks_us`)."""


def lint_received(text: str, sender: str) -> list[Finding]:
    """Lint a message from ``sender`` (``program`` or ``mentor``) against the rules for messages from others.

    The phrase patterns (:func:`received_patterns`) and the sentence-intent model for messages from others
    (``received_model.json``, trained on the corpus's programs' and mentors' messages) together: a sentence the
    model flags gets a finding when it also carries the rule's cue word (and, for what a program may not ask,
    a question or request) and does not acknowledge the rules ("we do not ask how you will rank us").
    Returns findings ordered by position, one per rule and sentence; a program's finding names what the
    applicant may do. Raises ``ValueError`` for another sender (the applicant's own text goes to ``lint_text``).

    Then the second stage (:mod:`matchpilot.letters.stack`) reads the whole message's evidence: a rule of the
    sender its trees flag that nothing above found is reported on the sentence scored highest for it, unless that
    sentence acknowledges the rules.
    """
    findings, pieces, scores, patterns = _linear(text, sender)
    stacker = load_stacker(sender)
    if stacker is None or not pieces or not scores[0]:
        return findings
    found = {f.rule for f in findings}
    whole = message_scores([p.text for p in pieces], sender)
    rows = evidence(RECEIVED_MODEL_RULES, scores, whole, text, patterns, found)
    for rule_id in sorted(stacker.flags(rows, RECEIVED_RULES[sender], found)):
        piece = pieces[max(range(len(pieces)), key=lambda k: scores[k][rule_id])]
        present = {f.rule for f in findings if f.start < piece.end and piece.start < f.end}
        if STACK_GATES == "none":
            kept = rule_id not in present
        else:
            kept = rule_id not in present and not _ACKNOWLEDGED.search(piece.norm)
            kept = kept and _stands(rule_id, piece)
        if kept:
            findings.append(_finding(rule_id, piece))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def received_stack_evidence(text: str, sender: str) -> dict[str, list[float]]:
    """The second stage's evidence rows for a message from ``sender`` (see :func:`matchpilot.letters.lint.
    stack_evidence`): what ``scripts/train_lint_model.py`` fits the trees on."""
    findings, pieces, scores, patterns = _linear(text, sender)
    if not pieces or not scores[0]:
        return {}
    found = {f.rule for f in findings}
    whole = message_scores([p.text for p in pieces], sender)
    return evidence(RECEIVED_MODEL_RULES, scores, whole, text, patterns, found)


def _linear(text: str, sender: str) -> tuple[list[Finding], list[Piece], list[dict[str, float]], set[str]]:
    """The patterns and the linear sentence model with its gates: the findings, the sentences, each sentence's
    scores and the rules the patterns alone found."""
    findings = received_patterns(text, sender)
    patterns = {f.rule for f in findings}
    pieces = sentences(text)
    rules = RECEIVED_RULES[sender]
    scored = score_sentences([p.text for p in pieces], sender, rules)
    scores = [dict(s) for _, s in scored]
    for piece, (flagged, _scores) in zip(pieces, scored, strict=True):
        if not flagged or _ACKNOWLEDGED.search(piece.norm):
            continue
        present = {f.rule for f in findings if f.start < piece.end and piece.start < f.end}
        for rule_id in sorted(flagged - present):
            if _stands(rule_id, piece):
                findings.append(_finding(rule_id, piece))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings, pieces, scores, patterns


def _stands(rule_id: str, piece: Piece) -> bool:
    """Whether a model's ``rule_id`` on ``piece`` stands on its cue word and, for what a program may not ask, a
    question or request; a sample contract to read is no offer outside the Match."""
    if not _RECEIVED_CUES[rule_id].search(piece.norm):
        return False
    if (
        rule_id == "program-offer-outside-match"
        and _SAMPLE_CONTRACT.search(piece.norm)
        and not _BINDING.search(piece.norm)
    ):
        return False
    return not (rule_id in _ASKING_RULES and not _asks_us(piece))


def _asks_us(piece: Piece) -> bool:
    """Whether ``piece`` asks the applicant something (a question or a request, :data:`_ASKS_US`) once what it
    asks them *not* to say (:data:`_DECLINED`) is set aside: "We hope you will rank us highly, but please do not
    tell us how you rank." asks nothing."""
    if not _DECLINED.search(piece.norm):
        return piece.is_question or _ASKS_US.search(piece.norm) is not None
    rest = _DECLINED.sub(" ", piece.norm)
    return "?" in rest or _ASKS_US.search(rest) is not None
