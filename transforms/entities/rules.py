"""Rule-based entity mentions in Korean news bodies: people with titles, short forms, organizations, places, events.

A `Span` is what any recognizer emits; this module's recognizers are rules for what the KLUE gold data does not
label (titles, roles, affiliations, short forms, events). A statistical tagger plugs in as another recognizer
whose spans `merge_spans` combines with these (rules win on overlap because they carry roles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.common.kiwi import word_analyser
from transforms.common.publishers import is_publication
from transforms.entities.admin import SIDO_SHORT, AdminIndex

# Common Korean surnames (two-syllable ones first so they match before their first syllable).
SURNAMES_2 = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방")
SURNAMES_1 = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 "
    "민 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 "
    "국 어 은 편 용 예 경 봉 사 부 황 태 목 형 피 두 감 제 음 빈 동 온 호 범 좌 팽 승 간 상 갈 단 견 당 화 창".split()
)
# Professions (not offices): `기성 의사`, `당당히 법무사` are not names, so these need a three-syllable name with a
# common surname.
PROFESSION_TITLES = frozenset(
    {
        "배우",
        "가수",
        "작가",
        "시인",
        "법무사",
        "세무사",
        "회계사",
        "노무사",
        "변리사",
        "영부인",
        "목사",
        "교사",
        "의사",
        "간호사",
    }
)
# Titles, longest first so that 구청장 wins over 청장 and 부시장 over 시장. Generic base titles used for matching.
TITLES = tuple(
    sorted(
        {
            "구청장",
            "시장",
            "부시장",
            "군수",
            "도지사",
            "지사",
            "부지사",
            "교육감",
            "장관",
            "차관",
            "총리",
            "부총리",
            "대통령",
            "부통령",
            "의원",
            "국회의원",
            "의장",
            "부의장",
            "위원장",
            "부위원장",
            "위원",
            "대표",
            "공동대표",
            "회장",
            "부회장",
            "명예회장",
            "사장",
            "부사장",
            "이사장",
            "이사",
            "원장",
            "청장",
            "처장",
            "국장",
            "실장",
            "본부장",
            "단장",
            "센터장",
            "소장",
            "부장",
            "차장",
            "과장",
            "팀장",
            "특보",
            "수석",
            "비서관",
            "비서실장",
            "대변인",
            "교수",
            "부교수",
            "총장",
            "학장",
            "감독",
            "코치",
            "선수",
            "변호사",
            "검사",
            "판사",
            "부장판사",
            "부장검사",
            "차장검사",
            "검사장",
            "지검장",
            "고검장",
            "법원장",
            "병원장",
            "재판장",
            "사령관",
            "참모총장",
            "사단장",
            "준장",
            "중장",
            "대령",
            "중령",
            "소령",
            "대위",
            "중위",
            "소위",
            "원사",
            "중사",
            "하사",
            "병장",
            "상병",
            "일병",
            "대법관",
            "대법원장",
            "검찰총장",
            "대사",
            "영사",
            "최고경영자",
            "창업자",
            "연구원",
            "연구위원",
            "박사",
            "관장",
            "지점장",
            "사무총장",
            "사무국장",
            "사무처장",
            "원내대표",
            "최고위원",
            "정책위의장",
            "후보",
            "예비후보",
            "당선인",
            "CEO",
            "CTO",
            "CFO",
            "COO",
        }
        | PROFESSION_TITLES,
        key=len,
        reverse=True,
    )
)
COMMON_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용".split()[
        :60
    ]
)
# Titles that are also common nouns (시장 = market): a person needs more evidence than the title alone.
AMBIGUOUS_TITLES = frozenset(
    {"시장", "위원", "대표", "이사", "선수", "감독", "코치", "후보", "소위", "대위", "하사"}
)
# Words that start with a surname syllable but are not names.
NOT_NAMES = frozenset(
    """
    이번 이날 이후 이곳 이는 이를 이에 이와 이어 이미 이상 이하 이전 이유 이른바 이들 이런 이제 이틀 이달 이름 이용 이사회
    정부 정치 정책 정상 정도 정식 정당 정규 정면 정작 국내 국제 국민 국가 국회 국정 한국 한편 한때 한번 한층 한창 한국은행
    전국 전체 전날 전문 전통 전략 전망 전년 전반 전자 전국민 전후 최근 최대 최고 최초 최종 최소 최저 고위 고객 고용 고향
    지난 지역 지금 지원 지방 지자체 조사 조직 조치 주요 주민 주변 주식 주장 현지 현재 현장 신규 신임 신설 우리 안전 유럽
    유명 장기 진행 강조 강화 민간 민주 공공 공식 공동 사업 사실 사회 시민 시장 시청 경제 경찰 경우 도시 도입 하지만 기존
    기업 기관 해외 양국 남북 북한 미국 중국 일본 영국 독일 당시 당국 당초 오는 오후 오전 오늘 서울 부산 대구 인천 광주
    대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주 각각 모두 모든 총 전 현 각 김치 박람회 성명 연합 연구
    연간 원장 원내 위원 차기 차관 추가 추진 방문 방안 변호 소속 송년 신년 여당 야당 여야 임시 임기 장관 선거 선임 문제
    명예 공개 하루 상대 상임 구청 구청장 시의회 도의회 노조 노동 금융 반면 백신 허가 부회장 부장 부사장 부시장 수석 실장
    고법 지법 대법 헌재 법원 판사 검사 변호 국민 시의 구의 도의
    주주 석좌 왕실 황제 나라 나머지 남성 여성 양측 육군 해군 공군 기자 특파원 가장 가운데 가능 고등 고문 고속 노인 마을
    """.split()
)
PARTICLES = tuple(
    sorted(
        """은 는 이 가 을 를 의 에 에서 에게 에게서 와 과 로 으로 도 만 까지 부터 처럼 보다 께서 이다 이며 이자 이고 하고 랑
        이랑 에는 에도 와의 과의 으로서 로서 으로는 로는 에서는 에서도 께 한테 조차 마저 뿐 밖에 이나 나 든지 라도 이라도 란 이란
        였다 이었다 였고 이었고 이던 였던 들 들이 들은 들을 들의 측 측은 측이 측의 측과 측에 등 등이 등은 등을 등의""".split(),
        key=len,
        reverse=True,
    )
)
# 서울중앙지법, 수원고법, 서울중앙지검: courts and prosecutors' offices by their short names (with a seat: _COURT).
_COURT_ENDINGS = ("지법", "고법", "지검", "고검")
# Suffixes that make a word an organization or a place. Checked after particles are stripped.
ORG_SUFFIXES = (
    "상공회의소",
    "협의회",
    "위원회",
    "협회",
    "연합회",
    "관광청",
    "경영원",
    "연구원",
    "연구소",
    "재단",
    "공사",
    "공단",
    "그룹",
    "전자",
    "은행",
    "증권",
    "보험",
    "대학교",
    "대학",
    "병원",
    "허브",
    "청",
    "부",
    "처",
    "진흥원",
    "개발원",
    "평가원",
    "교육원",
    "당",
    "일보",
    "신문",
    "방송",
    "뉴스",
    "재단법인",
    "법인",
    "주식회사",
    "학회",
    "노조",
    "노총",  # 민주노총, 한국노총
    "조합",
    "법원",
    *_COURT_ENDINGS,
    "검찰청",
    "경찰청",
    "교육청",
    "시청",
    "구청",
    "군청",
)
PLACE_SUFFIXES = (
    "컨벤션센터",
    "파크",
    "돔",
    "공항",
    "역",
    "항",
    "홀",
    "밸리",
    "광장",
    "공원",
    "타워",
    "스퀘어",
    "스피어",
)
ADMIN_SUFFIXES = ("특별시", "광역시", "특별자치시", "특별자치도", "시", "구", "군", "도", "읍", "면", "동")
EVENT_HEADS = (
    "박람회",
    "전시회",
    "엑스포",
    "포럼",
    "페스티벌",
    "축제",
    "월드컵",
    "올림픽",
    "위크",
    "시리즈",
    "서밋",
    "컨퍼런스",
    "콘퍼런스",
    "대회",
    "쇼",
    "어워즈",
    "시상식",
    "회의",
    "정상회의",
    "정상회담",
    "총회",
)
GENERIC_WORDS = frozenset(
    {
        "전시회",
        "대회",
        "회의",
        "축제",
        "시리즈",
        "포럼",
        "서울관",
        "전시장",
        "행사장",
        "전용관",
        "출장단",
        "실무진",
        "구청",
        "시청",
        "기관",
        "업무지구",
        "신공항",
        "국립공원",
        "현역",  # exact words: 서현역 and 광교역 are stations
        "교역",
        "복역",
        "퇴역",
        "협의회",
        "위원회",
        "정부",
        "당국",
        "총회",
        "본부",
        "지역",
        "시",
        "구",
        "군",
        "도",
    }
)
# Kinds of organization, not one (`재판부는`, `법무법인 관계자`, `대학병원 교수`): counted as one entity across every
# article they would be the most mentioned organizations and mean nothing. A named one (`법무법인 광장`) is
# not affected; a numbered division (`형사1부`) is kept only with the body named before it.
GENERIC_ORG_WORDS = frozenset(
    {
        "재판부",
        "법무법인",
        "재단법인",
        "사단법인",
        "학교법인",
        "주식회사",
        "연구원",
        "연구소",
        "대학교",
        "대학병원",
        "종합병원",
        "상급종합병원",
        "요양병원",
        "정신병원",
        "대형병원",
        "수련병원",
        "항공사",
        "시공사",
        "지방법원",
        "고등법원",
        "행정법원",
        "노동조합",
        "특별위원회",
        "상임위원회",
        "대책위원회",
        "운영위원회",
        "중앙위원회",
        "심의위원회",
        "징계위원회",
        "사령부",
        "검찰청",
        "교육청",
        "행정처",
        "관계부처",
        "사법부",
        "입법부",
        "행정부",
        "비상대책위원회",
        "저축은행",
        "시중은행",
        "인터넷은행",
        "종교재단",
        "공익재단",
        "인터넷방송",
        "선임연구원",
        "책임연구원",
    }
)

# Words ending like these are common nouns even though they end in an organization suffix.
NOT_ORG_ENDINGS = (
    "임산부",
    "위안부",
    "면죄부",
    "도입부",
    "전반부",
    "중반부",
    "후반부",
    "중심부",
    "수뇌부",
    "지휘부",
    "집행부",
    "지도부",
    "신혼부부",
    "거부",
    "부당",
    "거래처",
    "은신처",
    "연락처",
    "생방송",
    "재방송",
    "안내방송",
    "중계방송",
    "가짜뉴스",
    "증인신문",
    "피고인신문",
    "당사자신문",
    "강당",
    "성당",
    "걸그룹",
    "보이그룹",
    "건강보험",
    "고용보험",
    "산재보험",
    "실손보험",
    "자동차보험",
    "해당",
    "상당",
    "담당",
    "요청",
    "신청",
    "초청",
    "경청",
    "일부",
    "내부",
    "외부",
    "전부",
    "세부",
    "간부",
    "정부",
    "자원",
    "지원",
    "인원",
    "직원",
    "회원",
    "전원",
    "의원",
    "대부",
    "본부",
    "고부",
    "당부",
    "여부",
    "학부",
    "장부",
    "신부",
    "농부",
    "어부",
    "근처",
    "대처",
    "출처",
    "상처",
    "용처",
    "거처",
    "대학",
    "입학",
    "과학",
    "방학",
    "유학",
    "공학",
    "재학",
    "전당",
    "일당",
    "수당",
    "운전자",
    "유전자",  # not 전자 (electronics)
    "배달부",
    "우편부",
    "승부",
    "기부",
    "환부",
    "복부",
    "반드시",
    "정당",
)
# Name candidates ending like verbs or particles: 방문하는 구청장, 참석한 시장.
_NOT_NAME_FINAL = frozenset("는를을에의로와과고며서던할한된될운인다돼요")
_REGION_SHORT = frozenset(SIDO_SHORT.values())

_HANGUL_NAME = r"[가-힣]{2,4}"
_WORD_END = r"(?=[\s,.·!?\"'”’)\]]|$)"
_TITLE_ALT = "|".join(re.escape(t) for t in TITLES)
_PARTICLE_ALT = "|".join(PARTICLES)

# NAME[(age, class)] [전|당시] [ORG] [qualifier+]TITLE[(ROLE)] : 오세훈 서울시장 / 정문헌 종로구청장(구청장협의회장) /
# 이해우 경제정책실장 / 김기현(65·사법연수원 15기) 국민의힘 의원 / 송영길 전 더불어민주당 대표 / 임성근 당시 해병1사단장.
# An ORG word without an organization suffix (국민의힘) is kept only when the gazetteer knows it (find_person_mentions).
_FULL_PERSON_PARTS = (
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})(?:\([^()]{{1,25}}\))?\s+"
    rf"(?:(?P<former>전|前|당시)\s+)?",
    rf"(?P<title>[가-힣A-Za-z0-9]{{0,12}}?(?:{_TITLE_ALT}))"
    rf"(?:\((?P<paren>[^()]{{2,30}})\))?"
    rf"(?:{_PARTICLE_ALT})?{_WORD_END}",
)
_FULL_PERSON = re.compile(
    _FULL_PERSON_PARTS[0]
    + rf"(?:(?P<org>[A-Z][A-Za-z0-9&.]{{1,15}}|[가-힣]{{2,15}}(?:{'|'.join(ORG_SUFFIXES)}))\s+)?"
    + _FULL_PERSON_PARTS[1]
)
# The same with any one word as the body (국민의힘 의원): kept only when the gazetteer knows the word as an ORG.
_FULL_PERSON_KNOWN_ORG = re.compile(
    _FULL_PERSON_PARTS[0] + r"(?P<org>[가-힣]{2,15})\s+" + _FULL_PERSON_PARTS[1]
)
# Foreign-style two-word names before an explicit organization and title: 데니스 홍 UCLA 교수
_FOREIGN_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{{2,5}}\s[가-힣]{{1,4}})\s+"
    rf"(?P<org>[A-Z][A-Za-z0-9&.]{{1,15}})\s+(?P<title>{_TITLE_ALT})(?:{_PARTICLE_ALT})?{_WORD_END}"
)
# Surname + optional 전 (former) + title: 오 시장 / 김 구청장 / 이 전 부지사
_SHORT_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<surname>{'|'.join(SURNAMES_2)}|[가-힣])\s(?P<former>전\s)?(?P<title>{_TITLE_ALT})"
    rf"(?:{_PARTICLE_ALT})?{_WORD_END}"
)
# 서울중앙지법 형사33부(재판장 김동현), 대법원 형사3부(주심 오석준 대법관): the judge presiding over a division
# (about one Lawtimes article in three names one this way), with the division as the role's body.
_PRESIDING_JUDGE = re.compile(
    r"(?P<court>(?:대법원|[가-힣]{2,12}(?:법원|지법|고법))(?:\s[가-힣]{2,6}지원)?\s[가-힣0-9\-]{0,12}\d[가-힣]{0,4}부)"
    r"\((?P<role>재판장|주심)\s(?P<name>[가-힣]{2,4})(?:\s(?P<title>대법관|부장판사|판사))?\)"
)
# 최은순(77) 씨, 권기형(43·예비역 병장)씨: a name with an age in brackets and the honorific 씨 is a person without a
# title (the anonymised 김모(52)씨 and A(47)씨 name nobody); later `최 씨` / `최씨` refers back to them.
_AGED_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})\((?P<age>[1-9]\d)(?:[·,][^()]{{1,25}})?\)\s?씨"
    rf"(?:{_PARTICLE_ALT})?{_WORD_END}"
)
_SHORT_SSI = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<surname>{'|'.join(SURNAMES_2)}|[가-힣])\s?(?P<title>씨)(?:{_PARTICLE_ALT})?{_WORD_END}"
)
_PAREN_ALIAS = re.compile(r"(?P<long>[가-힣A-Za-z0-9]{2,30})\((?P<short>[A-Z][A-Za-z0-9&]{1,10})\)")
_LATIN_EVENT = re.compile(r"(?<![A-Za-z0-9])(?P<name>[A-Z][A-Za-z]{1,9}\s?(?:19|20)\d{2})(?![0-9])")
_TOKEN = re.compile(r"[^\s,·“”‘’\"'()\[\]△▲▽▼○●■□◆◇※▶▷◀◁☞☜→←★☆♥♡-]+")


@dataclass(slots=True)
class Span:
    """One mention found by a recognizer. `start`/`end` are Python str offsets into the body (end exclusive)."""

    start: int
    end: int
    label: str  # PERSON, ORG, LOCATION, EVENT
    name: str  # the entity's name as the mention gives it, particles stripped
    kind: str = "full"  # full, short, alias
    source: str = "rules"
    roles: list[tuple[str, str | None]] = field(default_factory=list)  # (role, affiliation)
    surname: str | None = None
    base_title: str | None = None
    antecedent: int | None = None  # index of the full mention a short form refers to


# The longest particle that leaves a stem of at least two characters (a lazy stem finds the longest particle).
_PARTICLE_SUFFIX = re.compile(rf"^(.{{2,}}?)(?:{'|'.join(PARTICLES)})$", re.DOTALL)


@lru_cache(maxsize=1 << 16)
def strip_particle(word: str) -> str:
    """`서울시는` -> `서울시`, `CES를` -> `CES`; keeps words that are only a particle."""
    match = _PARTICLE_SUFFIX.match(word)
    return match.group(1) if match else word


def base_title(title: str) -> str:
    """The generic title at the end of a printed one: 서울시장 -> 시장, 종로구청장 -> 구청장, 경제정책실장 -> 실장."""
    for t in TITLES:
        if title.endswith(t):
            return t
    return title


def affiliation_of(title: str) -> str | None:
    """The body a title belongs to: 서울시장 -> 서울시, 종로구청장 -> 종로구, 구청장협의회장 -> 구청장협의회."""
    base = base_title(title)
    prefix = title[: -len(base)] if title != base else ""
    if not prefix:
        return None
    if base == "구청장":
        return prefix + "구"
    if base in {"시장", "부시장"}:
        return prefix if prefix.endswith("시") else prefix + "시"
    if base in {"도지사", "부지사", "지사"}:
        return prefix if prefix.endswith("도") else prefix + "도"
    if base == "군수":
        return prefix + "군"
    if base in {"지검장", "고검장", "법원장", "병원장", "사단장"}:
        return prefix + base[:-1]  # 서울중앙지검장 -> 서울중앙지검, 서울대병원장 -> 서울대병원
    if len(base) == 2 and base.endswith("장") and base[0] in "회실국원처청부단소관":
        # 구청장협의회장 = 구청장협의회 + 장; 경제정책실장 = 경제정책실 + 장.
        return prefix + base[0]
    if re.fullmatch(r"[A-Z][A-Za-z0-9&.]+", prefix) or prefix.endswith(ORG_SUFFIXES):
        return prefix
    return None  # 정무특보, 디지털수석: the prefix is a portfolio, not a body


def _role(title: str, org: str | None) -> tuple[str, str | None]:
    affiliation = strip_particle(org) if org else affiliation_of(title)
    return title, affiliation


_WORD_TAGS = frozenset({"NNG", "MAG", "MAJ", "MM", "NP", "NR", "IC"})
_ENDING_TAGS = frozenset({"EC", "EF", "ETM", "ETN"})


@lru_cache(maxsize=1 << 16)
def is_common_word(name: str) -> bool:
    """Whether Kiwi reads a would-be name (the word before a title) as ordinary language rather than a name.

    Only when every morpheme is in Kiwi's dictionary and none is a proper noun (NNP), and the reading is
    - one common word: 현직 (판사), 함께 (교수), 소송 (대리인), 박물관 (관장);
    - a noun or pronoun with a particle: 경찰은 (판사 출신), 이처럼, 우리가 (단장) - a particle of a full syllable,
      and not 만, which ends names (이성만);
    - an inflected verb whose stem is two syllables or more, or which does not start with a common surname:
      방문해, 이뤄진, 채취해 (not 박해진, 임이자: a surname and a given name Kiwi happens to parse as a verb).
    Of the 862 Hangul gold people of KLUE dev_A it takes 24 for words (2.8%, mostly stage names such as 태연, 유리);
    on the real June 2024 Chosun and Lawtimes articles it removes non-names such as 경찰은, 현직, 전직, 나비.
    """
    toks = word_analyser().tokenize(name)  # loads on first use, only in processes that extract
    if not toks or any(t.oov for t in toks):
        return False
    tags = [t.tag.split("-")[0] for t in toks]
    if "NNP" in tags:
        return False
    if len(toks) == 1:
        return tags[0] in _WORD_TAGS
    first, last = toks[0], toks[-1]
    if len(toks) == 2 and tags[1].startswith("J") and tags[0] in {"NNG", "NP", "NR", "NNB"}:
        return "가" <= last.form[:1] <= "힣" and last.form != "만"
    if tags[-1] in _ENDING_TAGS:
        return len(first.form) >= 2 or name[0] not in COMMON_SURNAMES
    return False


# The ten most common surnames: a three-syllable word ending in 대 that starts with one is a name as often as a
# university (조희대 대법원장, 박찬대 원내대표); one that does not is a university (고려대, 서강대, 한양대 교수).
_TOP_SURNAMES = frozenset("김 이 박 최 정 강 조 윤 장 임".split())


def _names_an_institution(name: str) -> bool:
    """The word before a title names a body, not a person: `공화당`, `서울중앙지법 (부장판사)`, a university by its
    short name (`고려대 교수`, `이화여대`, `연세의대`), a branch court (`안산지원 판사`)."""
    if _typed_name(name) == "ORG" or (len(name) > 3 and name.endswith(ORG_SUFFIXES)):
        return True  # 공화당; 지방법원, 예술대학: kinds of bodies are not names either
    if name.endswith("대") and (
        len(name) != 3 or name.endswith(("여대", "의대")) or name[0] not in _TOP_SURNAMES
    ):
        return True
    return len(name) >= 4 and name.endswith(("지원", "분원"))


def find_person_mentions(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """Full mentions of people with their titles, in order of appearance."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for m in _PRESIDING_JUDGE.finditer(body):
        name, (start, end) = m.group("name"), m.span("name")
        if _plausible_name(name, gazetteer, listed=True):
            title = m.group("title") or "재판장"
            roles = [(title, m.group("court"))]
            spans.append(
                Span(start, end, "PERSON", name, roles=roles, surname=name[0], base_title=base_title(title))
            )
            taken.append((start, end))
    for pattern in (_FOREIGN_PERSON, _FULL_PERSON, _FULL_PERSON_KNOWN_ORG):
        for m in pattern.finditer(body):
            name = m.group("name")
            start, end = m.span("name")
            if any(s <= start < e for s, e in taken):
                continue
            if (
                pattern is _FULL_PERSON_KNOWN_ORG
                and (gazetteer or {}).get(strip_particle(m.group("org"))) != "ORG"
            ):
                continue
            if pattern is not _FOREIGN_PERSON and not _plausible_name(name, gazetteer):
                continue
            title = m.group("title")
            org = m.groupdict().get("org")
            btitle = base_title(title)
            if btitle == "시장" and title != btitle and _names_a_market(title):
                continue  # 우리나라 주식시장, 국내 법률시장: a market, not a mayor
            if (
                btitle in PROFESSION_TITLES
                and pattern is not _FOREIGN_PERSON
                and (len(name) != 3 or name[0] not in COMMON_SURNAMES)
            ):
                continue
            if btitle in AMBIGUOUS_TITLES and title == btitle and not org:
                # `국내 시장`: a bare ambiguous title is not evidence of a person.
                continue
            roles = [_role(title, org)]
            if m.groupdict().get("former"):
                # 송영길 전 대표, 임성근 당시 사단장: a title held before, recorded as such (`전 대표`), never as current
                roles = [
                    (f"{'당시' if m.group('former') == '당시' else '전'} {title}", affiliation)
                    for title, affiliation in roles
                ]
            paren = m.groupdict().get("paren")
            if paren and base_title(paren) != paren or (paren and paren in TITLES):
                roles.append(_role(paren, None))
            surname = name[:2] if name[:2] in SURNAMES_2 else name[0]
            if pattern is _FOREIGN_PERSON:
                surname = name.split()[-1]
            spans.append(Span(start, end, "PERSON", name, roles=roles, surname=surname, base_title=btitle))
            taken.append((start, end))
            # 김선수·이동원·노정희 대법관: each three-syllable name of a ·-joined list before the title holds it too
            left = start
            while pattern is not _FOREIGN_PERSON and left >= 4 and body[left - 1] == "·":
                prev = _LISTED_NAME.search(body, max(0, left - 5), left - 1)
                if prev is None or not _plausible_name(prev.group(1), gazetteer, listed=True):
                    break
                listed = prev.group(1)
                spans.append(
                    Span(
                        prev.start(1),
                        prev.end(1),
                        "PERSON",
                        listed,
                        roles=list(roles),
                        surname=listed[0],
                        base_title=btitle,
                    )
                )
                taken.append((prev.start(1), prev.end(1)))
                left = prev.start(1)
    for m in _AGED_PERSON.finditer(body):
        name, (start, end) = m.group("name"), m.span("name")
        surname = name[:2] if len(name) == 4 and name[:2] in SURNAMES_2 else name[0]
        if (
            any(s <= start < e for s, e in taken)
            or len(name) - len(surname) != 2
            or not _plausible_name(name, gazetteer)
        ):
            continue
        spans.append(Span(start, end, "PERSON", name, surname=surname, base_title="씨"))
        taken.append((start, end))
    spans.sort(key=lambda s: s.start)
    return spans


_LISTED_NAME = re.compile(r"(?<![가-힣A-Za-z0-9])([가-힣]{3})$")


def _plausible_name(name: str, gazetteer: dict[str, str] | None, listed: bool = False) -> bool:
    """Whether the word before a title can be a Korean name: a known surname, not a word, place, body or paper.
    A name listed before another (`김선수·이동원·노정희 대법관`) is not held to Kiwi's reading as a word (김/선수)."""
    if name in NOT_NAMES or not (name[:2] in SURNAMES_2 or name[0] in SURNAMES_1):
        return False
    if len(name) == 2 and name[1] == "모":
        return False  # 채모 상병, 김모(52)씨: a name withheld, nobody in particular
    if name[-1] in _NOT_NAME_FINAL or name.endswith(("지역", "지방", "정부", "당국")) or "들" in name:
        return False
    if name[:2] in _REGION_SHORT or (gazetteer and name in gazetteer):
        return False  # 서울의대 교수, 인도 총리, 국민의힘 서울시의원: a place or a body, not a name
    if _names_an_institution(name) or is_publication(name):
        return False  # 고려대 교수; 한겨레 산업팀장 (a paper's desk, not a person)
    return listed or not is_common_word(name)


@lru_cache(maxsize=1 << 14)
def _names_a_market(title: str) -> bool:
    """`주식시장`, `법률시장`, `전통시장`: Kiwi reads common nouns before 시장 (a market); before a mayor's 시장 stands a
    place name (`서울시장`: 서울/NNP) or Kiwi knows the whole title (`광주시장`, `부산시장`)."""
    toks = word_analyser().tokenize(title)
    return len(toks) >= 2 and toks[-1].form == "시장" and all(t.tag == "NNG" for t in toks[:-1])


# A rank printed before a title may be dropped in a short form: 김 판사 for 김OO 부장판사, 김 원장 for a 병원장.
_SHORTER_TITLE = {
    "부장판사": "판사",
    "부장검사": "검사",
    "차장검사": "검사",
    "병원장": "원장",
    "법원장": "원장",
}


def titles_compatible(short_title: str, person: Span) -> bool:
    """A short form's title fits a person if it is the same generic title as one the person holds in the article."""
    wanted = base_title(short_title)
    for role, _ in person.roles:
        held = base_title(role)
        if held == wanted or _SHORTER_TITLE.get(held) == wanted:
            return True
    return False


def find_short_mentions(body: str, people: list[Span]) -> list[Span]:
    """`오 시장`, `김 구청장`: linked to the nearest earlier full mention with that surname and a compatible title.

    A short form with no such antecedent is not emitted: `한 총장` may mean "one president" and `전 의원` may mean
    "former lawmaker", so only a named antecedent makes them a person.
    """
    spans: list[Span] = []
    shorts = list(_SHORT_PERSON.finditer(body))
    if any(p.base_title == "씨" for p in people):
        shorts += _SHORT_SSI.finditer(body)
    for m in shorts:
        surname, title = m.group("surname"), m.group("title")
        candidates = [
            (i, p)
            for i, p in enumerate(people)
            if p.start < m.start()
            and p.surname == surname
            and (p.base_title == "씨" if title == "씨" else titles_compatible(title, p))
        ]
        if not candidates:
            continue
        index, person = max(candidates, key=lambda c: c[1].start)
        end = m.end("title")
        spans.append(
            Span(
                m.start(),
                end,
                "PERSON",
                person.name,
                kind="short",
                surname=surname,
                base_title=base_title(title),
                antecedent=index,
            )
        )
    return spans


def find_repeat_mentions(body: str, people: list[Span]) -> list[Span]:
    """Later bare mentions of a full name already introduced with a title (`오언석 구청장은` is caught by the
    full pattern; this catches `오세훈은` or `정문헌과`)."""
    spans: list[Span] = []
    taken = {(p.start, p.end) for p in people}
    for index, person in enumerate(people):
        for start in _name_occurrences(body, person.name):
            end = start + len(person.name)
            if (start, end) in taken or start < person.start:
                continue
            taken.add((start, end))
            spans.append(
                Span(start, end, "PERSON", person.name, kind="full", surname=person.surname, antecedent=index)
            )
    return spans


# The end of a name's word: a particle at most, then a word boundary (`오세훈은`, `22대 총선에서`)
_WORD_WITH_PARTICLE_END = re.compile(rf"(?:{_PARTICLE_ALT})?{_WORD_END}")


def _name_occurrences(body: str, name: str) -> Iterator[int]:
    """Where `name` stands as a word (no Hangul before it; a particle at most after it), found with str.find and one
    compiled pattern: a pattern per name was compiled per article (a quarter of the entity stage's time)."""
    pos = body.find(name)
    while pos >= 0:
        end = pos + len(name)
        if (pos == 0 or not "가" <= body[pos - 1] <= "힣") and _WORD_WITH_PARTICLE_END.match(body, end):
            yield pos
            pos = body.find(name, end)
        else:
            pos = body.find(name, pos + 1)


NOT_PLACE_ENDINGS = (
    "소홀",
    "징역",
    "무역",
    "영역",
    "유역",
    "해역",
    "지역",
    "전역",
    "구역",
    "권역",
    "광역",
    "성역",
    "직역",
    "노역",
    "대역",
    "배역",
    "역할",
    "번역",
    "통역",
    "예비역",
    "홍보관",
    "타워크레인",
)


def _is_per_unit(word: str) -> bool:
    """`1인당`, `시간당`, `포기당(해)`: Kiwi reads the final 당 as a suffix ("per", or the passive), not a party,
    after a number or a short stem. Parties have longer names (기본소득당, 소나무당: also XSN to Kiwi)."""
    toks = word_analyser().tokenize(word)
    if not toks or toks[-1].form != "당" or toks[-1].tag != "XSN":
        return False
    return any(ch.isdigit() for ch in word) or len(word) <= 3


@lru_cache(maxsize=1 << 16)
def _typed_name(word: str) -> str | None:
    """ORG or LOCATION from a word's suffix, or None."""
    if word in GENERIC_WORDS or len(word) < 2:
        return None
    # 제2항: a clause, not a port; 60만부: copies; 4월부: 4월부터 cut by the particle
    if re.fullmatch(r"제?\d+[항조호관]|[\d,.]+[만분월]부", word):
        return None
    if word.endswith(PLACE_SUFFIXES) and not word.endswith(NOT_PLACE_ENDINGS) and len(word) >= 3:
        return "LOCATION"
    if word.endswith(ORG_SUFFIXES) and len(word) >= 3 and not word.endswith(NOT_ORG_ENDINGS):
        if word in GENERIC_ORG_WORDS or (word.endswith("당") and _is_per_unit(word)):
            return None
        return "ORG"
    return None


# What an unknown long form before an acronym must end with to be an organization: 국제통화기금(IMF),
# 연방수사국(FBI), 유럽연합(EU). Without one, `인공지능(AI)`, `국내총생산(GDP)`, `심폐소생술(CPR)` are terms.
ALIAS_ORG_HEADS = (
    *(
        "기구",
        "기금",
        "연맹",
        "연합",
        "협력체",
        "재판소",
        "학교",
        "공대",
        "기술원",
        "사무국",
        "사무소",
        "국",
        "단",
    ),
    *("타임스", "저널", "포스트"),  # 뉴욕타임스(NYT), 월스트리트저널(WSJ), 워싱턴포스트(WP)
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]")


def _alias_label(long_form: str, short_form: str, gazetteer: dict[str, str] | None) -> str | None:
    """The type of a long form defined with a parenthesized short form, or None when nothing says what it is
    (`금요일(Friday)`, `인공지능(AI)`: a gloss or a term, not an entity)."""
    if gazetteer and long_form in gazetteer:
        return gazetteer[long_form]
    if long_form.endswith("센터"):
        return "LOCATION"
    label = _typed_name(long_form)
    if label:
        return label
    if long_form.endswith(EVENT_HEADS) and long_form not in GENERIC_WORDS:
        return "EVENT"
    if (
        _ACRONYM.fullmatch(short_form)
        and len(long_form) >= 4
        and long_form.endswith(ALIAS_ORG_HEADS)
        and long_form not in GENERIC_ORG_WORDS
        and not long_form.endswith(NOT_ORG_ENDINGS)
    ):
        return "ORG"
    return None


def find_alias_definitions(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """`메이저리그야구대회(MLB)`, `라스베이거스컨벤션센터(LVCC)`: the long form, typed, with the short form as alias.
    A long form nothing types (`인공지능(AI)`, `금요일(Friday)`) is not an entity."""
    spans = []
    for m in _PAREN_ALIAS.finditer(body):
        long_form = m.group("long")
        label = _alias_label(long_form, m.group("short"), gazetteer)
        if label is None:
            continue
        spans.append(Span(m.start("long"), m.end("long"), label, long_form))
        spans.append(Span(m.start("short"), m.end("short"), label, long_form, kind="alias"))
    return spans


# Kinds of event, not one: named only with what comes before them (`민주당 전당대회`, `리걸 테크 AI 특별쇼`).
GENERIC_EVENTS = frozenset(
    {
        "학술대회",
        "국제대회",
        "결의대회",
        "총궐기대회",
        "전당대회",
        "전체회의",
        "본회의",
        "국제회의",
        "정상회의",
        "정상회담",
        "비상대책회의",
        "사건관리회의",
        "입주자대표회의",
        "주주총회",
        "임시주주총회",
        "정기총회",
        "의원총회",
        "특별쇼",
        "뉴스쇼",
        "정치쇼",
        "토크쇼",
        "패션쇼",
        "대표축제",
    }
)
# Words that open a noun phrase without naming anything: `이날 본회의`, `이번 학술대회`, `지난 올림픽`.
_EVENT_STOP_WORDS = frozenset(
    "이날 이번 지난 올해 오는 당시 실제 이 그 이런 그런 해당 다음 당일 어느덧 현재 이후 전날 향후 지난해 작년 내년 "
    "최근 앞서 당초 차례 수차례 그동안 역대 주 또 첫 오전 오후".split()
)


_SENTENCE_END = ".!?…"


@lru_cache(maxsize=1 << 16)
def _is_modifier(word: str) -> bool:
    """`열린`, `있는`, `특히`, `이로써`: a verb form, an adverb, a determiner or a word with a particle (Kiwi), which no
    event name starts with."""
    toks = word_analyser().tokenize(word)
    if not toks:
        return False
    last = toks[-1].tag.split("-")[0]
    return last in _ENDING_TAGS or last.startswith("J") or toks[0].tag in {"MAG", "MAJ", "MM"}


# Numbered wars and elections, named the way the National Election Commission and encyclopedias do, so that
# `22대 총선`, `제22대 국회의원 선거` and `4·10 총선` are one event, and `2차 대전` is 제2차 세계대전.
_NUMBERED_EVENT = re.compile(
    r"(?<![가-힣0-9·])(?:제\s?)?(?P<n>\d{1,2})\s?(?:"
    r"(?P<war>차\s?(?:세계\s?)?대전)"
    r"|대\s?(?P<assembly>국회의원\s?선거|총선)"
    r"|대\s?(?P<president>대통령\s?선거|대선)"
    r"|회\s?(?P<local>(?:전국\s?동시\s?)?지방\s?선거))"
    r"|(?<![가-힣0-9·])(?P<month>\d{1,2})·(?P<day>\d{1,2})\s?(?P<dated>총선|대선)"
)
# Election days that name one election (4·15 was both the 17th and the 21st general election, 12·19 two presidential
# ones, so they are left unnamed). Source: National Election Commission (nec.go.kr) election history.
_ELECTION_DAYS = {
    ("총선", 4, 9): "제18대 국회의원 선거",
    ("총선", 4, 11): "제19대 국회의원 선거",
    ("총선", 4, 13): "제20대 국회의원 선거",
    ("총선", 4, 10): "제22대 국회의원 선거",
    ("대선", 5, 9): "제19대 대통령 선거",
    ("대선", 3, 9): "제20대 대통령 선거",
    ("대선", 6, 3): "제21대 대통령 선거",
}


def _numbered_event(m: re.Match[str]) -> str | None:
    if m.group("dated"):
        return _ELECTION_DAYS.get((m.group("dated"), int(m.group("month")), int(m.group("day"))))
    n = int(m.group("n"))
    if m.group("war"):
        return f"제{n}차 세계대전" if n in (1, 2) else None
    if m.group("assembly"):
        return f"제{n}대 국회의원 선거" if 1 <= n <= 30 else None
    if m.group("president"):
        return f"제{n}대 대통령 선거" if 1 <= n <= 30 else None
    return f"제{n}회 전국동시지방선거" if 1 <= n <= 12 else None


def find_events(body: str) -> list[Span]:
    """Events: numbered wars and elections (`2차 대전`, `22대 총선`, `4·10 총선`), `CES 2024` (a Latin name with a
    year) and noun phrases headed by an event word (`MLB 월드투어 서울시리즈`, `서울 스마트 라이프 위크`), within one
    sentence."""
    spans = [
        Span(m.start(), m.end(), "EVENT", name)
        for m in _NUMBERED_EVENT.finditer(body)
        if _WORD_WITH_PARTICLE_END.match(body, m.end()) and (name := _numbered_event(m)) is not None
    ]
    spans += [Span(m.start(), m.end(), "EVENT", m.group("name")) for m in _LATIN_EVENT.finditer(body)]
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(body)]
    for i, (start, _end, word) in enumerate(tokens):
        bare = strip_particle(word.rstrip(_SENTENCE_END))
        if not bare.endswith(EVENT_HEADS) or bare in GENERIC_WORDS:
            continue
        head = next((h for h in EVENT_HEADS if bare.endswith(h)), None)
        if head is None:
            continue
        first = i
        while first > 0 and i - first < 4:
            prev_start, prev_end, prev = tokens[first - 1]
            if (
                prev_end + 1 != tokens[first][0]
                or strip_particle(prev) != prev
                or prev[-1] in "는은을를에서고며다한된인" + _SENTENCE_END
                or prev in _EVENT_STOP_WORDS
            ):
                break
            if re.fullmatch(r"[0-9~.]+[가-힣]*", prev) or _is_modifier(prev):
                break
            first -= 1
        if first == i and (bare in GENERIC_EVENTS or len(bare) <= len(head) + 1):
            continue
        name_end = start + len(bare)
        spans.append(Span(tokens[first][0], name_end, "EVENT", body[tokens[first][0] : name_end]))
    # A bare series name after a dated one refers to it: `CES 2024 ... CES를 방문했다`.
    dated = [s for s in spans if _LATIN_EVENT.fullmatch(s.name)]
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]{1,9})(?![A-Za-z0-9]|\s?(?:19|20)\d{2})", body):
        editions = [s for s in dated if s.name.startswith(m.group(1)) and s.start < m.start()]
        if editions:
            # The edition the article is about: the most mentioned one, the first on a tie (CES 2024, not CES 2023).
            names = [s.name for s in editions]
            target = max(editions, key=lambda s: (names.count(s.name), -s.start))
            spans.append(Span(m.start(), m.end(), "EVENT", target.name, kind="short"))
    return spans


_NUMBERED_DIVISION = re.compile(r"[가-힣]*\d+(?:형사|민사|행정|가사|파산|형사항소|민사항소)?부")
# What stands between a court and the second number of its division (`광주지법 제1-2형사부`, `서울고법 민사22-1부`)
_DIVISION_FIRST_NUMBER = re.compile(r" 제?[가-힣]{0,6}\d+-")
# 서울중앙지법, 수원고법, 동부지검: a court or prosecutors' office is named by its seat (and a branch or division).
_COURT = re.compile(
    rf"(?P<seat>[가-힣]*?)(?:중앙|동부|서부|남부|북부|형사|민사|가정|행정)*(?:{'|'.join(_COURT_ENDINGS)})"
)


def _is_court_seat(seat: str, admin: AdminIndex | None) -> bool:
    """`서울`, `수원`, or nothing before a branch (`동부지법`); `청탁금`, `농`, `에너` (laws: 청탁금지법, 농지법) are not."""
    return not seat or seat in _REGION_SHORT or (admin is not None and admin.is_city(seat + "시"))


_DISTRICT_LIKE = re.compile(r"[가-힣]{1,6}(?:특별시|광역시|특별자치도|특별자치시|구|군)")
_CITY_LIKE = re.compile(r"[가-힣]{1,4}시")


@lru_cache(maxsize=1 << 18)
def _word_shape(bare: str) -> tuple[str, str | None]:
    """What a bare word can be, from its letters alone (cached: words repeat across articles): a district or
    province name to check against the 법정동 table, a city name, or else its suffix type (or None)."""
    if _DISTRICT_LIKE.fullmatch(bare) and bare not in GENERIC_WORDS:
        return "district", None
    if _CITY_LIKE.fullmatch(bare) and bare not in GENERIC_WORDS and len(bare) >= 3:
        return "city", None
    return "typed", _typed_name(bare)


# Gazetteer places that are also common words: `경기` is a province, a game and the economy.
_AMBIGUOUS_PLACES = frozenset({"경기"})
_NEXT_WORD = re.compile(r"\s*([가-힣]{2,})")


def _names_the_province(body: str, start: int, bare: str, admin: AdminIndex | None) -> bool:
    """`경기도`, `서울·경기`, or a city or district right after it (`경기 파주`, `경기 분당경찰서`)."""
    end = start + len(bare)
    if body.startswith("도", end) or "·" in body[max(0, start - 1) : end + 1]:
        return True
    nxt = _NEXT_WORD.match(body, end)
    if admin is None or nxt is None or nxt.start(1) == end:
        return False
    word = nxt.group(1)
    return any(
        admin.is_city(word[:k] + "시")
        or admin.is_district(word[:k] + "구")
        or admin.is_district(word[:k] + "군")
        for k in (2, 3)
    )


# `법무법인 태평양`, `법무법인(유한) 대륙아주`: a law firm is named by the word after its kind.
_LAW_FIRM = re.compile(
    r"(?<![가-힣])법무법인(?:\((?:유한|유)\))?\s(?P<name>[가-힣]{1,8}(?![가-힣])|[A-Z][A-Za-z&]{0,9}(?![A-Za-z]))"
)
# Particles after a firm's name; not 이 or 나, which end names (와이케이, 아테나), and a stem may be one syllable (린의).
_FIRM_PARTICLES = (
    "에서",
    "으로",
    "에게",
    "과의",
    "와의",
    "은",
    "는",
    "을",
    "를",
    "의",
    "에",
    "과",
    "와",
    "로",
    "도",
    "가",
)
_NOT_FIRM_NAMES = frozenset({"등", "및", "구성원", "관계자", "소속", "측", "대표", "출신"})


def find_law_firms(body: str) -> list[Span]:
    """`법무법인 태평양에서` -> ORG 법무법인 태평양 (the firm's name with its particle stripped)."""
    spans = []
    for m in _LAW_FIRM.finditer(body):
        raw = m.group("name")
        name = next((raw[: -len(p)] for p in _FIRM_PARTICLES if raw.endswith(p) and len(raw) > len(p)), raw)
        if (
            name in _NOT_FIRM_NAMES
            or raw[0] in _NOT_FIRM_NAMES
            and raw[1:] in PARTICLES
            or base_title(name) in TITLES
        ):
            continue  # 법무법인 등을, 법무법인 관계자, 법무법인 변호사: no name
        spans.append(Span(m.start(), m.start("name") + len(name), "ORG", f"법무법인 {name}"))
    return spans


def _firm_short_mentions(body: str, firm_names: set[str]) -> list[Span]:
    """A law firm named once in full (`법무법인 태평양`) and then by its own name (`태평양 변호사`, `태평양과`)."""
    spans = []
    for short in sorted(firm_names, key=len, reverse=True):
        pattern = (
            rf"(?<![가-힣A-Za-z]){re.escape(short)}(?=[\s·,.)]|(?:{'|'.join(_FIRM_PARTICLES)})(?![가-힣])|$)"
        )
        for m in re.finditer(pattern, body):
            spans.append(Span(m.start(), m.end(), "ORG", f"법무법인 {short}", kind="short"))
    return spans


def _bare_word(word: str, admin: AdminIndex | None) -> str:
    """The word without its particle, but a province keeps its 도 (`경상북도` is not 경상북 + the particle 도)."""
    return word if admin is not None and word in admin.sido_by_alias else strip_particle(word)


_SUB_AREA = re.compile(r"[가-힣]{1,4}\d*[동읍면리]|[가-힣]{1,4}\d+가")


@lru_cache(maxsize=1 << 14)
def _is_neighbourhood(word: str) -> bool:
    """`도촌동`, `정자1동`, `와부읍`: a neighbourhood as it follows a city in an address; not a common noun ending in
    the same syllable (`봉사활동`, `노동`: Kiwi reads NNG words)."""
    if not _SUB_AREA.fullmatch(word):
        return False
    toks = word_analyser().tokenize(word)
    return not (toks and toks[-1].tag == "NNG" and len(toks[-1].form) > 1)


def _city_as_place(raw: str, bare: str, following: str | None, admin: AdminIndex) -> bool:
    """`성남시 도촌동`, `의정부시 녹양동의 한 카페`, `성남시에서 열린`: the city is a place in an address or as a
    location; `성남시는 밝혔다`, `성남시에 따르면` are its government."""
    if raw != bare:
        return raw == bare + "에서"
    return following is not None and (admin.is_district(following) or _is_neighbourhood(following))


def find_orgs_and_places(
    body: str, gazetteer: dict[str, str] | None = None, admin: AdminIndex | None = None
) -> list[Span]:
    """Organizations and places: gazetteer entries (name -> label), administrative areas (종로구 -> 서울특별시 종로구,
    checked against the 법정동 table when `admin` is given, so 친구 or 연구 are not districts), city governments
    (서울시, 거제시), and words with an organization or place suffix."""
    spans = []
    raws = [(m.start(), m.group().rstrip(_SENTENCE_END)) for m in _TOKEN.finditer(body)]
    tokens = [(start, _bare_word(raw, admin)) for start, raw in raws]
    context = admin.sidos_in(word for _, word in tokens) if admin else set()
    for i, (start, bare) in enumerate(tokens):
        if bare in _AMBIGUOUS_PLACES and not _names_the_province(body, start, bare, admin):
            continue  # 경기: a game or the economy unless a place follows (경기 파주, 경기도, 서울·경기)
        label, name = None, bare
        shape, typed = _word_shape(bare)
        if gazetteer and bare in gazetteer:
            label = gazetteer[bare]
            if label == "LOCATION" and admin is not None and bare in admin.sido_by_alias:
                # 서울 -> 서울특별시: one entity for the short and the full name
                name = admin.sido_by_alias[bare]
        elif admin is not None and bare in admin.sido_by_alias and not bare.endswith("시"):
            # 경북, 충남, 경기도, 충청남도: a province by its short or full name (서울시 is the city government below)
            label, name = "LOCATION", admin.sido_by_alias[bare]
        elif shape == "district":
            if admin is None:
                label = "LOCATION"
            elif admin.is_district(bare) or bare in admin.sido_by_alias:
                label = "LOCATION"
                area = admin.resolve(bare, context)
                name = area.full_name if area else admin.sido_by_alias.get(bare, bare)
        elif shape == "city":
            if admin is None or admin.is_city(bare):
                label = "ORG"  # 서울시 in news is the city government acting
                raw = raws[i][1]
                following = (
                    tokens[i + 1][1]
                    if i + 1 < len(tokens) and tokens[i + 1][0] == start + len(raw) + 1
                    else None
                )
                if admin is not None and _city_as_place(raw, bare, following, admin):
                    area = admin.resolve(bare, context)
                    if area is not None:  # 성남시 -> 경기도 성남시, a place like 종로구 -> 서울특별시 종로구
                        label, name = "LOCATION", area.full_name
        else:
            label = typed or ("ORG" if _NUMBERED_DIVISION.fullmatch(bare) else None)  # 1부 of 민사22-1부
            if label == "ORG" and bare.endswith(_COURT_ENDINGS):
                court = _COURT.fullmatch(bare)  # `1996년서울지법`: a tokenizing slip, not a name
                if court is None or not _is_court_seat(court.group("seat"), admin):
                    continue
        if not label:
            continue
        end = start + len(bare)
        follows = spans[-1] if spans and spans[-1].end + 1 == start else None
        if follows is None and spans and _DIVISION_FIRST_NUMBER.fullmatch(body, spans[-1].end, start):
            follows = spans[-1]
        if label == "ORG" and _NUMBERED_DIVISION.fullmatch(bare):
            # 서울중앙지법 형사1부: a numbered division is named by its body; alone (`형사1부는`) it is generic.
            if follows is None or follows.label != "ORG":
                continue
            start = spans.pop().start
            name = body[start:end]
        elif (
            label == "ORG"
            and follows is not None
            and follows.label == "LOCATION"
            and shape != "city"
            and body[follows.end] == " "
            and not (gazetteer and bare in gazetteer)
            and not (admin is not None and follows.name in admin.sido_by_alias.values())
        ):
            # 은평구 상공회의소: a district followed by an organization is that district's organization; not a known
            # national body at an address (`종로구 헌재`), a list (`충남·경북교육청`), or a province before a body
            # (`충북 청주시청`, and `경기 화성시` is the province and the city government 화성시).
            start = spans.pop().start
            name = body[start:end]
        spans.append(Span(start, end, label, name))
    return spans


def merge_spans(*groups: Iterable[Span]) -> list[Span]:
    """Combine recognizers' spans: earlier groups win on overlap; the result is sorted by offset."""
    chosen: list[Span] = []
    for group in groups:
        for span in group:
            if span.end <= span.start:
                continue
            if any(span.start < c.end and c.start < span.end for c in chosen):
                continue
            chosen.append(span)
    chosen.sort(key=lambda s: (s.start, s.end))
    return chosen


# Staff titles whose holder serves the person or body named with them (오 시장은 이해우 경제정책실장 등과 …).
STAFF_TITLES = frozenset(
    {"실장", "특보", "수석", "비서관", "비서실장", "대변인", "국장", "본부장", "과장", "팀장", "보좌관"}
)
_DEPARTMENT_ENDINGS = ("실", "국", "과", "팀", "본부", "처")
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n")


def _is_body_affiliation(affiliation: str | None) -> bool:
    """An affiliation naming an organization or a government (서울시, 종로구, UCLA), not a department."""
    return bool(affiliation) and not affiliation.endswith(_DEPARTMENT_ENDINGS)


def attach_context_affiliations(body: str, people: list[Span], short: list[Span]) -> None:
    """Give staff without a body of their own the body of the principal named before them in the sentence.

    `오 시장은 이해우 경제정책실장, 이종현 민생소통특보 … 등 실무진과 함께`: 오 시장 is 오세훈, 서울시장, so
    이해우's role 경제정책실장 belongs to 서울시. Only staff titles get context; a 교수 or 구청장 never does.
    """
    sentence_starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(body)]

    def sentence_of(pos: int) -> int:
        return max(i for i, start in enumerate(sentence_starts) if start <= pos)

    principals: list[tuple[int, str]] = []  # (offset, affiliation) of people with a body affiliation
    for span in people + short:
        source = people[span.antecedent] if span.kind == "short" and span.antecedent is not None else span
        affiliation = next((a for _, a in source.roles if _is_body_affiliation(a)), None)
        if affiliation:
            principals.append((span.start, affiliation))
    principals.sort()
    for person in people:
        for i, (role, affiliation) in enumerate(person.roles):
            if base_title(role) not in STAFF_TITLES or _is_body_affiliation(affiliation):
                continue
            before = [
                a
                for pos, a in principals
                if pos < person.start and sentence_of(pos) == sentence_of(person.start)
            ]
            if before:
                person.roles[i] = (role, before[-1])


def extract_mentions(
    body: str,
    gazetteer: dict[str, str] | None = None,
    tagged: Iterable[Span] = (),
    admin: AdminIndex | None = None,
) -> list[Span]:
    """All rule mentions in one body, non-overlapping, in order. `tagged` are a statistical tagger's spans, used
    where no rule fired."""
    firms = find_law_firms(body)
    # `법무법인 태평양 ... 태평양 변호사는`: the firm by its own name later in the article, not a person 태평양
    firm_names = {f.name.removeprefix("법무법인 ") for f in firms}
    people = [p for p in find_person_mentions(body, gazetteer) if p.name not in firm_names]
    short = find_short_mentions(body, people)
    attach_context_affiliations(body, people, short)
    repeats = find_repeat_mentions(body, people)
    return merge_spans(
        people,
        short,
        repeats,
        find_alias_definitions(body, gazetteer),
        firms,
        _firm_short_mentions(body, firm_names),
        find_events(body),
        find_orgs_and_places(body, gazetteer, admin),
        tagged,
    )


def mention_rows(
    article_id: str,
    body: str,
    reporters: Iterable[dict],
    publisher_name: str | None,
    gazetteer: dict[str, str] | None = None,
    tagged: Iterable[Span] = (),
    admin: AdminIndex | None = None,
) -> list[dict]:
    """One article's mentions as rows of `transforms.entities.normalize.MENTION_SCHEMA` (body mentions, then bylines)."""
    rows = [
        {
            "article_id": article_id,
            "entity_type": s.label,
            "name": s.name,
            "surface": body[s.start : s.end],
            "start_char": s.start,
            "end_char": s.end,
            "mention_kind": s.kind,
            "roles": [{"role": r, "affiliation": a} for r, a in s.roles],
            "source": s.source,
        }
        for s in extract_mentions(body, gazetteer, tagged, admin)
    ]
    for reporter in reporters:
        rows.append(
            {
                "article_id": article_id,
                "entity_type": "PERSON",
                "name": reporter["name"],
                "surface": reporter["name"],
                "start_char": None,
                "end_char": None,
                "mention_kind": "byline",
                "roles": [{"role": "기자", "affiliation": publisher_name}],
                "source": "byline",
            }
        )
    return rows
