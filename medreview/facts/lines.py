"""The line facts: one per current line, with what the clinical lists say of its drug
(duplication classes, the same substance on other lines, habit-forming groups)."""

from __future__ import annotations

from datetime import date

from medreview.assessment.owners import TaskOwner, owner_of
from medreview.card.data import MedicationLineData
from medreview.facts.drug_groups import PatientWords, course_days, drug_kind
from medreview.facts.timeline import days_from, line_end, months_from
from medreview.facts.vocabulary import LineFacts
from medreview.rules.clinical_lists import ATC4_KEY, ClinicalLists, DuplicationClasses


def facts_of_line(
    line: MedicationLineData,
    as_of: date,
    prescribers: dict[int, TaskOwner],
    lists: ClinicalLists,
) -> LineFacts:
    """One current line's facts; ``lists``: the rule directory's clinical lists."""
    course = line.course or "unspecified"
    prescriber = prescribers.get(id(line.prescriber))
    if prescriber is None:
        prescriber = prescribers[id(line.prescriber)] = owner_of(line.prescriber, "prescriber")
    reassessment_offset = days_from(line.reassessment_date, as_of)
    months_ahead = months_from(line.reassessment_date, as_of)
    kind = drug_kind(
        line.drug.atc,
        lists,
        line.reassessment_date,
        months_ahead,
        reassessment_offset,
    )
    facts = LineFacts(
        ref=line.ref,
        drug=line.drug.identity,
        atc=line.drug.atc,
        atc_lookup=line.drug.lookup.note if line.drug.lookup else None,
        status=line.status,
        fixed=not line.as_needed and course != "acute",
        as_needed=line.as_needed,
        dosage_specified=line.dosage_count > 0,
        course=course,
        dose_dispensed=line.dose_dispensed,
        start_offset=days_from(line.start, as_of),
        has_reassessment_date=line.reassessment_date is not None,
        reassessment_offset=reassessment_offset,
        reassessment_months_ahead=months_ahead,
        prescriber_sector=line.prescriber.sector if line.prescriber else "unknown",
        atc4=line.drug.atc[:5] if line.drug.atc and len(line.drug.atc) >= 5 else None,
        medication=line.medication_ref,
        prescriber=prescriber,
        drug_name=line.drug.name or line.drug.identity,
        start_date=line.start.isoformat() if line.start else None,
        reassessment_date=line.reassessment_date.isoformat() if line.reassessment_date else None,
        habit_forming=kind.habit_forming_group is not None,
        habit_forming_group=kind.habit_forming_group,
        habit_forming_horizon_months=kind.horizon_months,
        drug_classes=kind.drug_classes,
        course_days=course_days(line.start, line_end(line)),
        habit_forming_group_name=kind.group_name,
        habit_forming_group_name_en=kind.group_name_en,
        reassessment_gap=kind.gap,
        reassessment_gap_en=kind.gap_en,
        habit_forming_note=(
            f" Lægemidlet er vanedannende ({kind.group_name})." if kind.group_name else ""
        ),
        habit_forming_note_en=(
            f" The drug is habit-forming ({kind.group_name_en})." if kind.group_name_en else ""
        ),
    )
    # Read when a message is written: the patient's facts are copied onto the line later.
    facts.patient_words = PatientWords(facts)
    facts.patient_words_en = PatientWords(facts, "en")
    return facts


def same_substance_lines(fixed_lines: list[LineFacts]) -> None:
    """Tell each fixed line which fixed lines give its drug, and by how many prescribers.

    For the count, two strengths of one substance are one drug; for safety, two current
    lines of it are a finding (DRUG-SAME-SUBSTANCE-LINES, DRUG-THERAPEUTIC-DUPLICATION).
    """
    from medreview.rules.message_format import Names  # "A, B og C" in a message

    by_drug: dict[str, list[LineFacts]] = {}
    for line in fixed_lines:
        by_drug.setdefault(line.drug, []).append(line)
    for members in by_drug.values():
        if len(members) == 1:  # most drugs: one line, one prescriber
            only = members[0]
            only.substance_line_count = only.substance_prescriber_count = 1
            only.substance_lines = (only.ref,)
            only.substance_names = Names((only.drug_name,))
            only.substance_lead = True
            continue
        members.sort(key=lambda member: member.ref)
        refs = tuple(member.ref for member in members)
        names = Names(member.drug_name for member in members)
        prescribers = len({_prescriber_key(member) for member in members})
        for member in members:
            member.substance_line_count = len(members)
            member.substance_prescriber_count = prescribers
            member.substance_lines = refs
            member.substance_names = names
        members[0].substance_lead = True


def _prescriber_key(line: LineFacts) -> tuple[str, str]:
    """Who prescribed a line; lines whose prescriber is not recorded share one unknown key."""
    return (line.prescriber.reference or "", line.prescriber.sector)


def duplication_groups(fixed_lines: list[LineFacts], lists: ClinicalLists) -> None:
    """Find the duplication groups among the fixed lines and tell each member about its group.

    Two lines are linked when a class holds both and at least two different drugs, or when
    they give one drug and the drug's lines come from more than one prescriber. A group is
    what the links join (a line in two overlapping classes joins them): one finding and one
    task for each prescriber in it, however many of its lines that prescriber has.
    """
    classes = lists.duplication
    if classes is None:  # a rule directory without the list
        return
    links: list[tuple[str, list[int]]] = []  # (class key or "substance:<drug>", members)
    by_class: dict[str, list[int]] = {}
    by_drug: dict[str, list[int]] = {}
    for number, line in enumerate(fixed_lines):
        for key in lists.duplication_keys(line.atc):
            by_class.setdefault(key, []).append(number)
        by_drug.setdefault(line.drug, []).append(number)
    for key, members in by_class.items():
        if len({fixed_lines[n].drug for n in members}) >= 2:
            links.append((key, members))
    for drug, members in by_drug.items():
        if len({_prescriber_key(fixed_lines[n]) for n in members}) >= 2:
            links.append(("substance:" + drug, members))
    if not links:
        return
    parent = list(range(len(fixed_lines)))

    def root(number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number

    for _, members in links:
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[int, list[tuple[str, list[int]]]] = {}
    for link in links:
        groups.setdefault(root(link[1][0]), []).append(link)
    for group_links in groups.values():
        members = sorted(
            {n for _, link_members in group_links for n in link_members},
            key=lambda n: fixed_lines[n].ref,
        )
        _describe_group([fixed_lines[n] for n in members], _link_names(group_links, classes))


def _link_names(links: list[tuple[str, list[int]]], classes: DuplicationClasses) -> tuple[str, str]:
    """What makes a group a duplication, in Danish and English, as it stands inside a
    sentence: "ATC-gruppen A02BC, protonpumpehæmmere", "NSAID", "samme stof C10AA05 fra flere
    ordinerende". A class whose lines another class of the group also holds says nothing
    more (ATC group M01AE within the NSAIDs)."""
    from medreview.facts.atc_groups import names_beside  # the group names are data
    from medreview.rules.message_format import inside_sentence

    groups = names_beside(classes.file)
    sets = [(key, set(members)) for key, members in links]
    da: list[str] = []
    en: list[str] = []
    for key, members in sets:
        if key.startswith("substance:"):
            drug = key.removeprefix("substance:")
            da.append(f"samme stof {drug} fra flere ordinerende")
            en.append(f"one substance, {drug}, from several prescribers")
            continue
        covered = any(
            not other.startswith("substance:")
            and other != key
            and members <= other_members
            and (members < other_members or key.startswith(ATC4_KEY))
            for other, other_members in sets
        )
        if covered:
            continue
        if key.startswith(ATC4_KEY):
            code = key.removeprefix(ATC4_KEY)
            da.append(groups.describe(code, "da"))
            en.append(groups.describe(code, "en"))
        else:
            name = classes.name(key)
            da.append(inside_sentence(name.da))
            en.append(inside_sentence(name.en))
    return "; ".join(da), "; ".join(en)


def _describe_group(members: list[LineFacts], names: tuple[str, str]) -> None:
    from medreview.rules.message_format import Names  # "A, B og C", or "begge" for all of them

    refs = tuple(member.ref for member in members)
    drugs = len({member.drug for member in members})
    drug_names = Names(member.drug_name for member in members)
    by_prescriber: dict[tuple[str, str], list[LineFacts]] = {}
    for member in members:
        by_prescriber.setdefault(_prescriber_key(member), []).append(member)
    for own in by_prescriber.values():
        own_names = Names((member.drug_name for member in own), whole=len(own) == len(members))
        for member in own:
            member.duplication_drug_count = drugs
            member.duplication_prescriber_count = len(by_prescriber)
            member.duplication_line_count = len(members)
            member.duplication_lines = refs
            member.duplication_names = drug_names
            member.duplication_own_names = own_names
            member.duplication_classes, member.duplication_classes_en = names
        own[0].duplication_lead = True  # members are sorted by reference
