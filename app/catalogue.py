"""Every text the page shows, in English and Korean side by side, keyed by a short id.

:func:`say` looks a text up in a language of :data:`LANGUAGES` and fills in its ``{names}``.
Texts whose id ends in ``_html`` are trusted HTML written here; any other text is plain and
goes to the page as text, or escaped where it becomes HTML. The names of demo_core's data
sets, losses, update rules and searches are translated here too, by demo_core's keys; their
English is demo_core's own.
"""

from __future__ import annotations

from demo_core.csv_io import PROBLEMS
from demo_core.datasets import DATASETS
from demo_core.features import FEATURES
from demo_core.losses import LOSSES
from demo_core.optim import RULES, SEARCHES

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXTS", "preferred_language", "say"]

#: The languages of the page, by their code; the first is the default.
LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = LANGUAGES[0]

_NAMES: dict[str, tuple[str, str]] = {
    **{f"dataset.{key}": (label, ko) for (key, label), ko in zip(
        DATASETS.items(),
        ("원본", "가우시안 덩어리", "XOR", "동심원", "나선", "균등 무작위"),
        strict=True,
    )},
    **{f"loss.{key}": (label, ko) for (key, label), ko in zip(
        LOSSES.items(), ("Weston Watkins 1999", "일대다 (OVA)", "구조적 SVM", "Softmax"),
        strict=True,
    )},
    # The update rules keep their names, as Korean courses do.
    **{f"rule.{key}": (label, label) for key, (label, _rule) in RULES.items()},
    **{f"search.{key}": (label, ko) for (key, label), ko in zip(
        SEARCHES.items(), ("기울기 따라가기", "무작위 탐색", "무작위 지역 탐색"), strict=True
    )},
}  # fmt: skip

#: Why a points file was refused (demo_core.csv_io's problems, whose English is its own).
_CSV_PROBLEMS_KO = {
    "not_utf8": "UTF-8 텍스트 파일이 아닙니다(0x{byte} 바이트를 읽을 수 없음). UTF-8 CSV로 "
    "저장해 주세요",
    "duplicated": "{columns} 열이 두 번 이상 나옵니다",
    "unexpected": "예상하지 못한 열 {columns}이(가) 있습니다. 열은 정확히 {expected}이어야 합니다",
    "missing": "{columns} 열이 없습니다. 머리글에 {expected}이(가) 있어야 합니다",
    "empty_field": "{column} 값이 비어 있습니다",
    "not_a_number": "{column} 값 {field}은(는) 숫자가 아닙니다",
    "not_finite": "{column} 값 {field}은(는) 유한한 숫자가 아닙니다",
    "too_large": "{column} 값 {field}이(가) 너무 큽니다. 좌표는 ±{limit} 안에 있어야 합니다",
    "not_whole": "label 값 {field}은(는) 정수가 아닙니다",
    "label_range": "label 값 {label}이(가) 0..{last} 범위를 벗어났습니다",
    "fields": "필드가 {count}개({expected})여야 하는데 {found}개입니다",
    "too_many": "점이 {limit}개를 넘습니다. 최대 {limit}개까지입니다",
    "too_big": "파일이 {limit}바이트보다 큽니다({size}바이트)",
    "empty_file": "파일이 비어 있습니다. 머리글 줄 {header}이(가) 필요합니다",
    "unreadable": "줄을 읽을 수 없습니다: {error}",
    "no_points": "파일에 머리글만 있고 점이 없습니다. 점이 하나 이상 필요합니다",
}

TEXTS: dict[str, tuple[str, str]] = {
    **_NAMES,
    **{f"csv.{kind}": (english, _CSV_PROBLEMS_KO[kind]) for kind, english in PROBLEMS.items()},
    "csv.on_line": ("line {line}: {problem}", "{line}번째 줄: {problem}"),
    # -- the page around the views (app/page.py, app/page.html) --------------------------
    "page.title": ("Linear Classification Loss Visualization", "선형 분류 손실 시각화"),
    "heading.menu": ("Controls", "설정"),
    "heading.plot": (
        "The plane of points x = (x[0], x[1]). Drag any point; click one to see its loss.",
        "데이터 점의 평면 x = (x[0], x[1]). 점을 끌어서 옮기거나, 눌러서 그 점의 손실을 보세요.",
    ),
    "heading.parameters": (
        "Parameters: value in bold, gradient of the loss in red",
        "파라미터: 굵은 글씨는 값, 빨간 글씨는 손실의 기울기",
    ),
    "heading.table": ("Data, scores and per-point loss L", "데이터, 점수, 점별 손실 L"),
    "heading.curve": ("Loss over the steps", "스텝에 따른 손실"),
    "heading.lab": ("Optimization lab", "최적화 실험실"),
    "heading.lab_intro": (
        "Check the gradient, see the loss surface and its slices around the current point, "
        "and race the update rules and the random searches against each other.",
        "기울기를 검사하고, 현재 위치 주변의 손실 지형과 그 단면을 살펴보고, 업데이트 규칙과 "
        "무작위 탐색끼리 경주를 시켜 보세요.",
    ),
    "heading.leave_present": ("Leave presentation (P)", "발표 모드 끝내기 (P)"),
    "heading.shortcuts": ("Keyboard shortcuts", "단축키"),
    "heading.shortcuts_note": (
        "Space, R, Z and the arrows work in presentation mode.",
        "발표 모드에서도 스페이스바, R, Z, 화살표 키를 쓸 수 있습니다.",
    ),
    "heading.close": ("Close (Esc)", "닫기 (Esc)"),
    "key.space": ("Space", "스페이스바"),
    "shortcut.single": ("Single parameter update", "파라미터 한 번 업데이트"),
    "shortcut.running": ("Start or stop repeated update", "반복 업데이트 시작 또는 멈춤"),
    "shortcut.reset": ("Reset", "리셋"),
    "shortcut.step_size": ("Larger or smaller step size", "스텝 크기 키우기 또는 줄이기"),
    "shortcut.present": ("Presentation mode on or off", "발표 모드 켜기 또는 끄기"),
    "shortcut.help": ("Show or hide this list", "이 목록 보이기 또는 숨기기"),
    "intro_html": (
        """
<p>A <b>linear classifier</b> gives each class <i>k</i> a score <i>s<sub>k</sub></i>, a weighted
sum of the point's coordinates plus a bias. The class with the highest score wins, so the plane
splits into one coloured region per class. Each coloured line is where a class's score is zero;
its arrow points along that row of W, the way the score grows.</p>
<p>The <b>loss</b> measures how unhappy we are with the scores: the data loss is zero only when
every point's own class wins by a margin, and the regularization loss prefers small weights.
<b>Training</b> follows the gradient (red numbers) downhill, one step at a time.</p>
<p>Drag the points, nudge W and b with ▲/▼, or press <i>Start repeated update</i>.</p>
""",
        """
<p><b>선형 분류기</b>는 각 클래스 <i>k</i>에 점수 <i>s<sub>k</sub></i>를 줍니다. 점수는 점의
좌표에 가중치를 곱해 더한 값에 편향을 더한 것입니다. 점수가 가장 높은 클래스가 이기므로, 평면은
클래스마다 색이 다른 영역으로 나뉩니다. 색이 있는 각 직선은 한 클래스의 점수가 0인 곳이고,
그 화살표는 W의 해당 행 방향, 곧 점수가 커지는 쪽을 가리킵니다.</p>
<p><b>손실</b>은 점수가 얼마나 마음에 들지 않는지를 잽니다. 데이터 손실은 모든 점에서 자기
클래스가 마진 이상으로 이길 때만 0이 되고, 정규화 손실은 작은 가중치를 선호합니다.
<b>학습</b>은 기울기(빨간 숫자)를 따라 한 스텝씩 내리막으로 내려갑니다.</p>
<p>점을 끌어 옮기거나, ▲/▼로 W와 b를 조금씩 바꾸거나, <i>반복 업데이트 시작</i>을 눌러 보세요.</p>
""",
    ),
    "formula.if": ("\u00a0if\u00a0", "\u00a0("),
    "formula.else": (", else\u00a0", "일 때), 그 외\u00a0"),
    "page.draw_failed": (
        "Something went wrong while drawing; press Reset.",
        "그리는 중에 문제가 생겼습니다. 리셋을 누르세요.",
    ),
    "link.notices": ("Link settings: {notices}", "링크 설정: {notices}"),
    # -- what a link's entries were taken as (app/link.py Notice) ------------------------
    "notice.not_one_of": (
        "{name}='{text}' is not one of {options}; ignored",
        "{name}='{text}'은(는) {options} 중 하나가 아니어서 무시했습니다",
    ),
    "notice.not_a_number": (
        "{name}='{text}' is not a number; ignored",
        "{name}='{text}'은(는) 숫자가 아니어서 무시했습니다",
    ),
    "notice.not_finite": (
        "{name}='{text}' is not a finite number; ignored",
        "{name}='{text}'은(는) 유한한 숫자가 아니어서 무시했습니다",
    ),
    "notice.not_whole": (
        "{name}='{text}' is not a whole number; ignored",
        "{name}='{text}'은(는) 정수가 아니어서 무시했습니다",
    ),
    "notice.out_of_range": (
        "{name}={text} is out of range; using {value}",
        "{name}={text}은(는) 범위를 벗어나 {value}(으)로 정했습니다",
    ),
    "notice.not_switch": (
        "{name}='{text}' is neither 1 nor 0; ignored",
        "{name}='{text}'은(는) 1도 0도 아니어서 무시했습니다",
    ),
    "notice.no_value": ("{name} has no value; ignored", "{name}에 값이 없어 무시했습니다"),
    "notice.too_long": (
        "{name}={text} is too long; ignored",
        "{name}={text}은(는) 너무 길어서 무시했습니다",
    ),
    "notice.too_long_count": (
        "{name}={text} is too long ({length} characters); ignored",
        "{name}={text}은(는) 너무 길어서({length}자) 무시했습니다",
    ),
    "notice.not_utf8": (
        "{name} is not UTF-8 text; ignored",
        "{name}은(는) UTF-8 텍스트가 아니어서 무시했습니다",
    ),
    "notice.unsupported": (
        "{name} has a value of unsupported type {type}; ignored",
        "{name}의 값은 지원하지 않는 형식({type})이어서 무시했습니다",
    ),
    "notice.empty": ("{name} is empty; ignored", "{name}이(가) 비어 있어서 무시했습니다"),
    "notice.unknown": (
        "unknown setting '{text}' ignored",
        "알 수 없는 설정 '{text}'을(를) 무시했습니다",
    ),
    "notice.unknown_names": (
        "{name}: unknown '{text}' ignored; the choices are {options}",
        "{name}: 알 수 없는 '{text}'은(는) 무시했습니다. 고를 수 있는 것: {options}",
    ),
    "notice.more": ("and {count} more", "그 밖에 {count}개"),
    # -- the controls (app/controls/sidebar.py) -------------------------------------------
    "section.overlays": ("Also on the plot", "그림에 함께 표시"),
    "section.data": ("Data", "데이터"),
    "section.edit": ("Edit points with the mouse", "마우스로 점 편집"),
    "section.load": ("Load points", "점 불러오기"),
    "section.save": ("Save", "저장"),
    "section.lesson": ("A link for a lesson", "수업용 링크"),
    # -- the guided lesson (app/lesson) ----------------------------------------------------
    "lesson.open": (
        "Guided lesson: the lecture on optimization in 8 chapters",
        "강의 따라가기: 최적화 강의를 8개의 장으로",
    ),
    "lesson.progress": ("Chapter {n} of {count}", "{count}장 중 {n}장"),
    "lesson.back": ("◀ Back", "◀ 이전 장"),
    "lesson.next": ("Next ▶", "다음 장 ▶"),
    "lesson.close": ("Close the lesson", "강의 닫기"),
    "lesson.yes": ("Yes", "예"),
    "lesson.no": ("No", "아니요"),
    "lesson.press": (
        "Your guess: {answer}. Now take the step and see.",
        "내 예상: {answer}. 이제 스텝을 밟아 확인하세요.",
    ),
    "lesson.right": ("Right! {why}", "맞았습니다! {why}"),
    "lesson.change": ("Total loss: {before} → {after}.", "전체 손실: {before} → {after}."),
    "lesson.wrong": (
        "Not this time: the answer is “{answer}”. {why}",
        "아쉽네요. 답은 “{answer}”입니다. {why}",
    ),
    "lesson.landscape.title": ("The loss is a landscape over W", "손실은 W 위의 지형"),
    "lesson.landscape.text": (
        "Every choice of W and b gives one total loss: the parameters are a place, and the loss "
        "is the height of the ground there. Training is walking downhill. The lab's Loss "
        "landscape tab, now open below the plots, draws this ground around the current point.",
        "W와 b를 하나 고를 때마다 전체 손실이 하나 정해집니다. 파라미터는 위치이고, 손실은 그 "
        "위치의 땅의 높이입니다. 학습은 내리막을 걷는 일입니다. 그림들 아래에 열린 실험실의 손실 "
        "지형 탭이 현재 위치 주변의 땅을 그려 줍니다.",
    ),
    "lesson.landscape.question": (
        "Will one step down the slope lower the total loss?",
        "비탈을 따라 한 스텝 내려가면 전체 손실이 낮아질까요?",
    ),
    "lesson.landscape.why": (
        "With a small step, going against the gradient goes downhill.",
        "스텝이 작으면 기울기의 반대 방향은 내리막입니다.",
    ),
    "lesson.random.title": ("Strategy 1: random search", "전략 1: 무작위 탐색"),
    "lesson.random.text": (
        "The simplest idea: guess W and b at random, and keep the best guess so far. Each "
        "update is now one new guess. The read-out counts the tries and the best loss.",
        "가장 단순한 생각: W와 b를 무작위로 고르고, 지금까지 가장 좋은 것을 남깁니다. 이제 "
        "업데이트 한 번이 새 추측 하나입니다. 결과 창이 시도 횟수와 가장 낮은 손실을 셉니다.",
    ),
    "lesson.random.question": (
        "Will this one guess lower the total loss?",
        "이번 추측 하나가 전체 손실을 낮출까요?",
    ),
    "lesson.random.why": (
        "The search keeps a guess only if it beats the best so far. A blind guess often wins "
        "at first, when the best is poor, and ever more rarely later: try a few more steps.",
        "탐색은 지금까지의 최선보다 나을 때만 추측을 남깁니다. 최선이 나쁜 처음에는 눈먼 추측도 "
        "자주 이기지만, 갈수록 점점 드물어집니다. 몇 스텝 더 해 보세요.",
    ),
    "lesson.slope.title": ("Strategy 2: follow the slope", "전략 2: 기울기를 따라가기"),
    "lesson.slope.text": (
        "Instead of guessing, compute which way is down. The red numbers under W and b are the "
        "gradient: how fast the loss grows when each number grows. A step moves each number "
        "against its gradient, by the step size times the gradient.",
        "추측하는 대신 어느 쪽이 아래인지 계산합니다. W와 b 아래의 빨간 숫자가 기울기입니다. "
        "각 숫자가 커질 때 손실이 얼마나 빨리 커지는지를 뜻합니다. 한 스텝은 각 숫자를 기울기의 "
        "반대로, 스텝 크기 곱하기 기울기만큼 옮깁니다.",
    ),
    "lesson.slope.question": (
        "Will every number with a red gradient move against its sign?",
        "빨간 기울기가 있는 숫자가 모두 그 부호의 반대로 움직일까요?",
    ),
    "lesson.slope.why": (
        "Plain gradient descent subtracts the step size times the gradient from each number.",
        "기본 경사 하강법은 각 숫자에서 스텝 크기 곱하기 기울기를 뺍니다.",
    ),
    "lesson.gradcheck.title": (
        "The gradient: numerical and analytic",
        "기울기: 수치 기울기와 해석 기울기",
    ),
    "lesson.gradcheck.text": (
        "The gradient can be measured: nudge one number by a tiny h and see how the loss "
        "changes. Or it can be derived with calculus, which is exact and fast. The lab's "
        "Gradient check tab, now open below the plots, puts the two side by side.",
        "기울기는 잴 수도 있습니다. 숫자 하나를 아주 작은 h만큼 움직여 손실이 얼마나 바뀌는지 "
        "봅니다. 또는 미분으로 구할 수도 있는데, 이쪽이 정확하고 빠릅니다. 그림들 아래에 열린 "
        "실험실의 기울기 검사 탭이 둘을 나란히 보여 줍니다.",
    ),
    "lesson.gradcheck.question": (
        "After the next step, will the two agree to better than one part in a million?",
        "다음 스텝 뒤에 두 기울기가 백만분의 1보다 더 가깝게 맞을까요?",
    ),
    "lesson.gradcheck.why": (
        "Softmax is smooth, so centred differences with h = 1e-5 match the calculus closely.",
        "소프트맥스는 매끄러워서 h = 1e-5의 중앙 차분이 미분 결과와 아주 가깝게 맞습니다.",
    ),
    "lesson.step_size.title": ("Gradient descent and the step size", "경사 하강법과 스텝 크기"),
    "lesson.step_size.text": (
        "The gradient says which way is down, not how far. The step size decides. It is now "
        "10, a hundred times the default.",
        "기울기는 어느 쪽이 아래인지 알려 줄 뿐, 얼마나 가야 하는지는 알려 주지 않습니다. 그건 "
        "스텝 크기가 정합니다. 지금은 기본값의 100배인 10입니다.",
    ),
    "lesson.step_size.question": (
        "With step size 10, will this step lower the total loss?",
        "스텝 크기가 10이면, 이번 스텝이 전체 손실을 낮출까요?",
    ),
    "lesson.step_size.why": (
        "A step far too long jumps over the valley and lands higher up the other side.",
        "너무 긴 스텝은 골짜기를 건너뛰어 반대편 더 높은 곳에 떨어집니다.",
    ),
    "lesson.minibatch.title": ("Minibatch gradient descent", "미니배치 경사 하강법"),
    "lesson.minibatch.text": (
        "With many points, each step uses only a few of them: a minibatch, here 2 of 60, "
        "ringed on the plot. The step is cheap, but it follows those two points, not all.",
        "점이 많으면 스텝마다 그중 몇 개만 씁니다. 이것이 미니배치이고, 여기서는 60개 중 "
        "2개이며 그림에 고리로 표시됩니다. 스텝은 싸지만, 모든 점이 아니라 그 두 점을 따릅니다.",
    ),
    "lesson.minibatch.question": (
        "Will this minibatch step lower the loss on the whole data set?",
        "이번 미니배치 스텝이 전체 데이터의 손실을 낮출까요?",
    ),
    "lesson.minibatch.why": (
        "Often, but not always: the minibatch's slope is only an estimate of the whole slope.",
        "자주 그렇지만 늘 그렇지는 않습니다. 미니배치의 기울기는 전체 기울기의 추정일 뿐입니다.",
    ),
    "lesson.rules.title": ("Update rules", "업데이트 규칙"),
    "lesson.rules.text": (
        "Momentum keeps a velocity: each step adds the new gradient to what the last steps "
        "were already doing, like a ball rolling downhill. Watch the coloured lines.",
        "모멘텀은 속도를 기억합니다. 스텝마다 새 기울기를 지난 스텝들이 하던 움직임에 더합니다. "
        "비탈을 굴러 내려가는 공과 같습니다. 색깔 선들을 잘 보세요.",
    ),
    "lesson.rules.question": (
        "Which class's line will move the most in this step?",
        "이번 스텝에서 어느 클래스의 선이 가장 많이 움직일까요?",
    ),
    "lesson.rules.why": (
        "It is the class with the largest gradient (and, after a few steps, velocity) in its "
        "row of W and its bias.",
        "W의 행과 편향의 기울기(그리고 몇 스텝 뒤에는 속도)가 가장 큰 클래스입니다.",
    ),
    "lesson.losses.title": ("The four losses", "네 가지 손실"),
    "lesson.losses.text": (
        "An SVM loss is satisfied once a point's own score beats the others by the margin 1: "
        "then its L is 0 (✓ in the table). Softmax is never fully satisfied.",
        "SVM 손실은 점의 정답 점수가 다른 점수들을 여유 1 이상으로 이기면 만족합니다. 그때 그 "
        "점의 L은 0입니다 (표의 ✓). 소프트맥스는 결코 완전히 만족하지 않습니다.",
    ),
    "lesson.losses.question": (
        "Under this SVM loss, will the points with L = 0 pull on the lines in this step?",
        "이 SVM 손실에서, L = 0인 점들이 이번 스텝에 선을 끌어당길까요?",
    ),
    "lesson.losses.why": (
        "A point past the margin has a zero gradient: only the regularization still pulls. "
        "Under softmax every point would pull a little.",
        "여유를 넘어선 점의 기울기는 0입니다. 규제만 여전히 끌어당깁니다. 소프트맥스였다면 "
        "모든 점이 조금씩 끌어당겼을 것입니다.",
    ),
    "control.timeline": ("Timeline", "타임라인"),
    "timeline.shown": (
        "step {shown}, of steps {first} to {last}",
        "{first}~{last} 중 {shown}번째 스텝",
    ),
    "timeline.empty": (
        "Take a step: then drag back along the run.",
        "스텝을 밟은 뒤, 슬라이더를 끌어 지난 스텝으로 돌아가 보세요.",
    ),
    "timeline.continue": ("▶ Continue from here", "▶ 여기서부터 계속"),
    "control.lesson_link": ("Copy lesson link", "수업용 링크 복사"),
    "lesson.hide": ("Hide from the students:", "학생에게 숨길 부분:"),
    "lesson.copied": (
        "Copied: the link opens this page with these settings.",
        "복사했습니다. 이 링크는 지금 설정 그대로 이 페이지를 엽니다.",
    ),
    "lesson.copy_by_hand": (
        "Select the link above and copy it.",
        "위의 링크를 선택해서 복사하세요.",
    ),
    "part.lab": ("the lab", "실험실"),
    "part.parameters": ("the parameters W and b", "파라미터 W와 b"),
    "part.table": ("the data table", "데이터 표"),
    "part.curve": ("the loss curve", "손실 곡선"),
    "part.data": ("the data settings", "데이터 설정"),
    "part.rules": ("how to step and the update rules", "스텝 방식과 업데이트 규칙"),
    "part.edit": ("editing points", "점 편집"),
    "part.files": ("loading and saving", "불러오기와 저장"),
    "control.lang": ("Language (언어)", "언어 (Language)"),
    "language.en": ("English", "English"),
    "language.ko": ("한국어", "한국어"),
    "control.single": ("Single parameter update", "파라미터 한 번 업데이트"),
    "control.running": ("Start repeated update", "반복 업데이트 시작"),
    "control.running.on": ("Stop repeated update", "반복 업데이트 멈춤"),
    "control.randomize": ("Randomize parameters", "파라미터 무작위로 정하기"),
    "control.reset": ("Reset", "리셋"),
    "control.present": (
        "Presentation mode (key P; ? lists the keys)",
        "발표 모드 (P 키; ? 키는 단축키 목록)",
    ),
    "control.speed": ("Speed (steps per second)", "속도 (초당 스텝 수)"),
    "control.step_size": ("Step size", "스텝 크기 (학습률)"),
    "control.reg": ("L2 regularization strength (λ)", "L2 정규화 강도 (λ)"),
    "control.loss": ("Loss", "손실 함수"),
    "control.strategy": ("How to step", "스텝 방식"),
    "control.rule": ("Update rule", "업데이트 규칙"),
    "control.mu": ("μ (momentum)", "μ (모멘텀)"),
    "control.decay": ("decay rate", "감쇠율"),
    "control.beta1": ("β1", "β1"),
    "control.beta2": ("β2", "β2"),
    "control.batch_size": (
        "Minibatch size (right end: full batch)",
        "미니배치 크기 (오른쪽 끝: 전체 배치)",
    ),
    "control.search_scale": ("Random search: scale of W, b", "무작위 탐색: W, b의 크기"),
    "control.search_step": ("Local search: step", "지역 탐색: 스텝"),
    "control.dataset": ("Data set", "데이터셋"),
    "control.data_summary": ("What the plot shows now", "지금 그림에 보이는 것"),
    "control.n": ("Points N", "점 개수 N"),
    "control.k": ("Classes K", "클래스 수 K"),
    "control.seed": ("Seed", "시드"),
    "control.noise": ("Noise", "노이즈"),
    "control.regenerate": ("Regenerate (next seed)", "다시 만들기 (다음 시드)"),
    "control.mode": ("Mouse", "마우스"),
    "control.new_label": ("Class of new or selected points", "새 점이나 선택한 점의 클래스"),
    "control.delete": ("Delete selected", "선택한 점 삭제"),
    "control.relabel": ("Set their class", "선택한 점의 클래스 바꾸기"),
    "control.undo": ("Undo last edit", "마지막 편집 되돌리기"),
    "control.shade_probabilities": ("Shade by softmax probability", "Softmax 확률로 음영 표시"),
    "control.show_zones": (
        "Safe zones: where a point has zero loss",
        "안전 구역: 점의 손실이 0인 곳",
    ),
    "control.show_shares": (
        "Halo: how hard each point pulls",
        "후광: 각 점이 당기는 세기",
    ),
    "control.show_next_step": (
        "Dashed: the lines after the next step",
        "점선: 다음 스텝 뒤의 선",
    ),
    "overlay.zones.margin": (
        "Hatched: each class's safe zone, where a point of that class has zero loss: its "
        "score beats every other class's by the margin 1 or more.",
        "빗금: 각 클래스의 안전 구역입니다. 그 클래스의 점이 여기 있으면 손실이 0입니다. "
        "자기 점수가 다른 모든 클래스의 점수보다 마진 1 이상 높기 때문입니다.",
    ),
    "overlay.zones.ova": (
        "Hatched: each class's safe zone, where a point of that class has zero loss: its own "
        "score is 1 or more and every other score -1 or less.",
        "빗금: 각 클래스의 안전 구역입니다. 그 클래스의 점이 여기 있으면 손실이 0입니다. "
        "자기 점수는 1 이상이고 다른 점수는 모두 -1 이하이기 때문입니다.",
    ),
    "overlay.zones.softmax": (
        "Softmax has no safe zone: every point keeps some loss, however far it is. Hatched "
        "instead: where a point of each class gets a probability p of {level} or more.",
        "Softmax에는 안전 구역이 없습니다. 점이 아무리 멀리 있어도 손실이 조금은 남습니다. "
        "대신 빗금은 각 클래스의 점이 자기 클래스의 확률을 {level} 이상 받는 곳입니다.",
    ),
    "overlay.zones.none": (
        "None is in view yet: no class has one inside the plot.",
        "아직 그림 안에는 그런 구역이 있는 클래스가 없습니다.",
    ),
    "overlay.shares": (
        "Grey halo: how hard each point pulls on a step, the length of its own gradient "
        "‖∇L_i‖. A point without a halo does not pull at all.",
        "회색 후광: 각 점이 스텝을 얼마나 세게 당기는지, 곧 그 점의 기울기 길이 ‖∇L_i‖입니다. "
        "후광이 없는 점은 전혀 당기지 않습니다.",
    ),
    "overlay.shares.strongest": (
        "Only the {count} of the {points} points that pull hardest get a halo.",
        "점 {points}개 가운데 가장 세게 당기는 {count}개에만 후광을 그립니다.",
    ),
    "overlay.next_step": (
        "Dashed: the zero-score lines after the next step.",
        "점선: 다음 스텝 뒤의 점수 0 직선입니다.",
    ),
    "overlay.next_step.none": (
        "No dashed lines now: only a step that follows the gradient can be drawn in advance.",
        "지금은 점선이 없습니다. 기울기를 따라가는 스텝만 미리 그릴 수 있습니다.",
    ),
    "control.upload": (
        "CSV file with the columns x0, x1, label",
        "x0, x1, label 열이 있는 CSV 파일",
    ),
    "control.points.csv": ("Points (CSV)", "점 (CSV)"),
    "control.parameters.json": ("W and b (JSON)", "W와 b (JSON)"),
    "control.linear-classify.png": ("Plot (PNG)", "그림 (PNG)"),
    "control.linear-classify.webm": ("● Record the plot (WebM)", "● 그림 녹화 (WebM)"),
    "control.linear-classify.webm.on": ("■ Stop and save the video", "■ 녹화를 멈추고 영상 저장"),
    "clip.elapsed": ("Recording: {seconds} s", "녹화 중: {seconds}초"),
    "clip.saved": ("Saved {name}.", "{name} 파일을 저장했습니다."),
    "clip.unsupported": (
        "This browser cannot record video; Plot (PNG) still works.",
        "이 브라우저는 영상을 녹화할 수 없습니다. 그림 (PNG) 저장은 됩니다.",
    ),
    "control.loss-history.csv": ("Loss history (CSV)", "손실 기록 (CSV)"),
    "mode.drag": ("Drag points", "점 끌기"),
    "mode.add": ("Add points", "점 추가"),
    "mode.select": ("Select points", "점 선택"),
    "class": ("class {k}", "클래스 {k}"),
    "summary.data": (
        "{points} points in {classes} classes, from {origin}.",
        "점 {points}개, 클래스 {classes}개 (출처: {origin}).",
    ),
    "origin.dataset": ("the data set {name}", "데이터셋 {name}"),
    "origin.file": ("a CSV file", "CSV 파일"),
    "origin.edited": (", edited", " (편집됨)"),
    "note.at_most": (
        "{label} is at most {value}: set to {value}.",
        "{label}의 최댓값은 {value}입니다. {value}(으)로 정했습니다.",
    ),
    "note.at_least": (
        "{label} is at least {value}: set to {value}.",
        "{label}의 최솟값은 {value}입니다. {value}(으)로 정했습니다.",
    ),
    # -- the test set (demo_core/holdout.py, and where the page shows it) -----------------
    "section.test_set": ("Test set", "테스트 세트"),
    "control.holdout": ("Held out for testing (fraction)", "테스트용으로 떼어 둘 비율"),
    "control.test_summary": ("Points held out", "떼어 둔 점"),
    "summary.test": (
        "{test} of {points} points are held out, drawn hollow: they never train, so they show "
        "how the model does on points it has not seen.",
        "점 {points}개 중 {test}개를 떼어 두었습니다(속이 빈 점). 이 점들로는 학습하지 않으므로, "
        "모델이 처음 보는 점에서 얼마나 잘하는지 보여 줍니다.",
    ),
    "summary.no_test": (
        "No point is held out: every point trains.",
        "떼어 둔 점이 없습니다. 모든 점으로 학습합니다.",
    ),
    "control.overfitting_example": ("Example: what λ is for", "예제: λ가 하는 일"),
    "status.overfitting_example": (
        "30 noisy points, half of them held out. Run with λ = 0: every training point ends up "
        "right, while the test loss climbs. Then set λ to 0.1 and run on: the test accuracy "
        "rises.",
        "노이즈가 있는 점 30개 중 절반을 떼어 두었습니다. λ = 0으로 실행하세요: 학습용 점은 "
        "모두 맞게 분류되지만 테스트 손실은 올라갑니다. 그다음 λ를 0.1로 바꾸고 계속 "
        "실행하세요: 테스트 정확도가 올라갑니다.",
    ),
    "parameters.test": (
        "Test set ({count} points never trained on): loss {loss} · accuracy {accuracy}. "
        "The losses and accuracy above are on the {train} training points.",
        "테스트 세트(학습에 쓰지 않은 점 {count}개): 손실 {loss} · 정확도 {accuracy}. "
        "위의 손실과 정확도는 학습용 점 {train}개에서 잰 값입니다.",
    ),
    "table.test": ("test", "테스트"),
    "curve.test_loss": ("Test loss (held-out points)", "테스트 손실 (떼어 둔 점)"),
    "curve.test_accuracy": ("Test accuracy", "테스트 정확도"),
    # -- the state's and the editor's messages (app/state.py, app/editing.py) ------------
    "status.diverged": (
        "diverged: lower the step size and press Reset",
        "발산했습니다: 스텝 크기를 줄이고 리셋을 누르세요",
    ),
    "status.no_step": (
        "No step: this run has diverged. Lower the step size and press Reset.",
        "스텝을 진행하지 않았습니다: 이 학습은 발산했습니다. 스텝 크기를 줄이고 리셋을 누르세요.",
    ),
    "status.not_number": (
        "{name} must be a number; it stays {value}.",
        "{name}에는 숫자를 넣어야 합니다. 값은 {value} 그대로입니다.",
    ),
    "status.limited": (
        "{name} is limited to ±{limit}: set to {value}.",
        "{name}의 범위는 ±{limit}입니다. {value}(으)로 정했습니다.",
    ),
    "edit.nothing_to_undo": ("Nothing to undo.", "되돌릴 편집이 없습니다."),
    "edit.two_numbers": (
        "A point needs two numbers as its coordinates.",
        "점의 좌표에는 숫자 두 개가 필요합니다.",
    ),
    "edit.at_most": ("At most {count} points.", "점은 최대 {count}개입니다."),
    "edit.class_range": (
        "The class must be between 0 and {last}.",
        "클래스는 0에서 {last} 사이여야 합니다.",
    ),
    "edit.select_first": (
        "Select points first: click them with the Select tool.",
        "먼저 점을 선택하세요: 점 선택 도구로 점을 클릭합니다.",
    ),
    "edit.one_remains": ("At least one point must remain.", "점이 적어도 하나는 남아야 합니다."),
    "edit.loaded": (
        "Loaded {points} points in {classes} classes.",
        "점 {points}개, 클래스 {classes}개를 불러왔습니다.",
    ),
    "edit.not_loaded": (
        "The file was not loaded: {problem}",
        "파일을 불러오지 못했습니다: {problem}",
    ),
    "upload.one_file": ("choose one file at a time", "파일은 한 번에 하나만 고르세요"),
    "upload.not_whole": (
        "the file did not arrive whole; try again",
        "파일이 다 도착하지 않았습니다. 다시 시도하세요",
    ),
    # -- the parameter grid and read-out (app/views/parameters.py) -----------------------
    "parameters.class": ("class {k}", "클래스 {k}"),
    "parameters.value": ("{name}", "{name}"),
    "parameters.gradient": (
        "gradient of the total loss with respect to {name}",
        "{name}에 대한 전체 손실의 기울기",
    ),
    "parameters.increase": ("Increase {name} by {step}", "{name}을(를) {step}만큼 올리기"),
    "parameters.decrease": ("Decrease {name} by {step}", "{name}을(를) {step}만큼 내리기"),
    "parameters.data_loss": ("Total data loss", "전체 데이터 손실"),
    "parameters.reg_loss": ("Regularization loss", "정규화 손실"),
    "parameters.total_loss": ("Total loss", "전체 손실"),
    "parameters.accuracy": ("Accuracy", "정확도"),
    "parameters.step": ("step", "스텝"),
    "parameters.summary": (
        "{correct} of {points} points classified correctly; total loss {loss}",
        "점 {points}개 중 {correct}개를 맞게 분류함; 전체 손실 {loss}",
    ),
    "parameters.search": (
        "{tries} tries, best loss so far {loss}",
        "{tries}번 시도, 지금까지 가장 낮은 손실 {loss}",
    ),
    # -- the data table (app/views/data_table.py) -----------------------------------------
    "table.previous": ("◀ previous", "◀ 이전"),
    "table.next": ("next ▶", "다음 ▶"),
    "table.mean": ("mean data loss", "평균 데이터 손실"),
    "table.where": (
        "rows {first} to {last} of {points} (page {page} of {pages})",
        "{points}행 중 {first}~{last}행 ({pages}쪽 중 {page}쪽)",
    ),
    # -- the anatomy of one point (app/views/anatomy.py) ----------------------------------
    "heading.anatomy": ("One point's loss, term by term", "한 점의 손실, 항별로 보기"),
    "anatomy.how": (
        "Click a point on the plot, or type its number (the table's row) here, to see how "
        "its loss L_i is made and which lines it pulls.",
        "그림에서 점을 클릭하거나 여기에 점 번호(표의 행 번호)를 입력하면, 그 점의 손실 "
        "L_i가 어떻게 만들어지는지와 그 점이 어떤 직선을 끌어당기는지 볼 수 있습니다.",
    ),
    "anatomy.point": ("Point", "점"),
    "anatomy.previous": ("◀ previous point", "◀ 이전 점"),
    "anatomy.next": ("next point ▶", "다음 점 ▶"),
    "anatomy.clear": ("Clear", "선택 해제"),
    "anatomy.which": (
        "Point {i}, class {symbol} {k}. Its pull on W and b is drawn on the plot in black.",
        "{i}번 점, 클래스 {symbol} {k}. 이 점이 W와 b를 끌어당기는 방향이 그림에 검은 "
        "화살표로 그려집니다.",
    ),
    "anatomy.scores": (
        "Each class's score s_j on one number line",
        "수직선 위의 클래스별 점수 s_j",
    ),
    "anatomy.margin": (
        "Δ = 1 is the margin: a rival class whose score is above s_y - 1 (shaded) adds a "
        "term to the loss.",
        "Δ = 1은 마진입니다. 점수가 s_y - 1보다 높은(색칠된 구간) 다른 클래스는 손실에 "
        "항을 하나 더합니다.",
    ),
    "anatomy.ova_margin": (
        "One vs. All wants the correct class's score above +1 and every other score below -1.",
        "일대다(OVA)는 정답 클래스의 점수가 +1보다 크고, 다른 모든 점수는 -1보다 작기를 바랍니다.",
    ),
    "anatomy.no_margin": (
        "Softmax has no margin: every score changes the probabilities, so the loss is never 0.",
        "Softmax에는 마진이 없습니다. 모든 점수가 확률을 바꾸므로 손실은 0이 되지 않습니다.",
    ),
    "anatomy.terms_hinge": (
        "Hinge terms max(0, s_j - s_y + 1), added up",
        "힌지 항 max(0, s_j - s_y + 1)의 합",
    ),
    "anatomy.terms_ova": (
        "Hinge terms max(0, 1 - t_j s_j), t_j = +1 for the correct class and -1 otherwise",
        "힌지 항 max(0, 1 - t_j s_j), 정답 클래스는 t_j = +1, 나머지는 -1",
    ),
    "anatomy.terms_structured": (
        "Hinges max(0, s_j - s_y + 1): only the largest counts",
        "힌지 max(0, s_j - s_y + 1): 가장 큰 것 하나만 손실이 됩니다",
    ),
    "anatomy.terms_softmax": (
        "Probabilities p_j = e^(s_j) / Σ_k e^(s_k); the loss is -log p_y",
        "확률 p_j = e^(s_j) / Σ_k e^(s_k), 손실은 -log p_y",
    ),
    "anatomy.correct": ("(correct)", "(정답)"),
    "anatomy.largest": ("← largest", "← 최대"),
    "anatomy.sum": ("L_i =", "L_i ="),
    "anatomy.table": ("(the table's L in row {i})", "(표 {i}행의 L)"),
    "anatomy.calm": (
        "Its gradient is 0: this point pulls no line.",
        "기울기가 0입니다. 이 점은 어떤 직선도 끌어당기지 않습니다.",
    ),
    # -- the loss curve (app/views/loss_curve.py) -----------------------------------------
    "curve.legend": ("Lines of the loss curve", "손실 곡선의 선"),
    "curve.total_loss": ("Total loss", "전체 손실"),
    "curve.batch_loss": ("Minibatch loss (before the step)", "미니배치 손실 (스텝 전)"),
    "curve.data_loss": ("Data loss", "데이터 손실"),
    "curve.reg_loss": ("Regularization loss", "정규화 손실"),
    "curve.accuracy": ("Accuracy", "정확도"),
    "tool.zoom": ("Wheel Zoom (x-axis)", "휠로 확대/축소 (가로축)"),
    "tool.pan": ("Pan (x-axis)", "끌어서 이동 (가로축)"),
    "tool.reset": ("Reset", "처음 보기로"),
    "tool.hover": ("Hover", "값 보기"),
    "axis.step": ("step", "스텝"),
    "axis.loss": ("loss", "손실"),
    "axis.accuracy": ("accuracy", "정확도"),
    "axis.total_loss": ("total loss", "전체 손실"),
    # -- feature transforms (demo_core/features.py, app/views/...) ---------------------
    "control.features": (
        "Features besides x0 and x1 (curved boundaries)",
        "x0, x1 말고 더 쓸 특성 (곡선 경계)",
    ),
    **{f"feature.{key}": (name, name) for key, (name, _compute) in FEATURES.items()},
    "overlay.features": (
        "With features the model has {d} inputs: the regions are sampled on a grid, and each "
        "curve is where one class's score is 0. The arrows of W, the safe zones and a point's "
        "pull are not drawn: with features they are no direction in the plane.",
        "특성을 쓰면 모델의 입력이 {d}개가 됩니다. 영역은 격자 위에서 계산하고, 각 곡선은 한 "
        "클래스의 점수가 0인 곳입니다. W 화살표, 안전 구역, 한 점이 당기는 화살표는 그리지 "
        "않습니다. 특성이 있으면 이들은 평면 위의 방향이 아니기 때문입니다.",
    ),
    "overlay.next_step.features": (
        "Dashed: the zero-score curves after the next step.",
        "점선: 다음 스텝 뒤의 점수 0 곡선입니다.",
    ),
    "race.plain": (
        "The race runs the plain linear model, on x0 and x1 alone.",
        "경주는 특성 없이 x0, x1만 쓰는 선형 모델로 달립니다.",
    ),
    # -- the optimization lab (app/lab/) --------------------------------------------------
    "lab.open": ("Open the optimization lab", "최적화 실험실 열기"),
    "lab.gradcheck": ("Gradient check", "기울기 검사"),
    "lab.landscape": ("Loss landscape", "손실 지형"),
    "lab.race": ("Optimizer race", "옵티마이저 경주"),
    "gradcheck.pass": ("✓ pass", "✓ 통과"),
    "gradcheck.doubt": ("≈ doubtful", "≈ 애매함"),
    "gradcheck.fail": ("✗ fail", "✗ 실패"),
    "gradcheck.explanation_html": (
        "The <b>numerical gradient</b> nudges one parameter θ by ±h and measures the change of "
        "the total loss: (L(θ + h) &minus; L(θ &minus; h)) / 2h. The <b>analytic gradient</b> is "
        "the formula the training steps use. They should agree: <b>relative error</b> = "
        "|a &minus; n| / max(|a|, |n|). "
        "Below {passing} is a pass; up to {doubtful} is doubtful (a hinge "
        "loss's kink within h of the point can do that; try another h); above is a failure.",
        "<b>수치적 기울기</b>는 파라미터 θ 하나를 ±h만큼 움직여 전체 손실의 변화를 잽니다: "
        "(L(θ + h) &minus; L(θ &minus; h)) / 2h. <b>해석적 기울기</b>는 학습 스텝이 쓰는 "
        "공식입니다. 둘은 같아야 합니다: <b>상대 오차</b> = |a &minus; n| / max(|a|, |n|). "
        "{passing} 미만이면 통과, {doubtful} 이하이면 애매함(점에서 h 안쪽에 힌지 손실의 "
        "꺾이는 곳이 있으면 그럴 수 있으니 다른 h로 해 보세요), 그보다 크면 실패입니다.",
    ),
    "gradcheck.parameter": ("parameter", "파라미터"),
    "gradcheck.analytic": ("analytic", "해석적"),
    "gradcheck.numerical": ("numerical", "수치적"),
    "gradcheck.relative_error": ("relative error", "상대 오차"),
    "gradcheck.verdict": ("verdict", "판정"),
    "gradcheck.largest": (
        "largest relative error {error}, at {name}",
        "최대 상대 오차 {error}, 위치 {name}",
    ),
    "gradcheck.passes": (
        "✓ The analytic gradient passes the check ({largest}).",
        "✓ 해석적 기울기가 검사를 통과했습니다 ({largest}).",
    ),
    "gradcheck.doubtful": (
        "≈ Doubtful: {largest}. Try another h.",
        "≈ 애매함: {largest}. 다른 h로 해 보세요.",
    ),
    "gradcheck.fails": (
        "✗ The analytic gradient fails the check: {largest}.",
        "✗ 해석적 기울기가 검사에 실패했습니다: {largest}.",
    ),
    "gradcheck.original_wrong": (
        " The original demo's regularization gradient 0.5·λ·W is wrong: "
        "the gradient of λ·ΣW² is 2·λ·W.",
        " 원본 데모의 정규화 기울기 0.5·λ·W는 틀렸습니다: λ·ΣW²의 기울기는 2·λ·W입니다.",
    ),
    "gradcheck.h": ("h, the nudge of the centred difference", "h, 중앙 차분에서 움직이는 크기"),
    "gradcheck.follow": ("Follow every step", "스텝마다 다시 검사"),
    "gradcheck.original": (
        "Use the original demo's regularization gradient (0.5·λ·W)",
        "원본 데모의 정규화 기울기 사용 (0.5·λ·W)",
    ),
    "gradcheck.check": ("Check now", "지금 검사"),
    "gradcheck.checked": (
        "Checked at step {step}: {loss}, λ = {reg}, h = {h}.",
        "스텝 {step}에서 검사함: {loss}, λ = {reg}, h = {h}.",
    ),
    "gradcheck.stale": (
        "It has changed since: press Check now.",
        "그 뒤로 바뀌었습니다: 지금 검사를 누르세요.",
    ),
    "landscape.x_axis": ("Horizontal axis", "가로축"),
    "landscape.y_axis": ("Vertical axis", "세로축"),
    "landscape.span": (
        "Span: each axis ± around its current value",
        "범위: 각 축의 현재 값 ± 이만큼",
    ),
    "landscape.refresh": ("Refresh", "새로 고침"),
    "landscape.caption_html": (
        "The total loss over <b>{x}</b> and <b>{y}</b>, around their "
        "current values, with every other parameter held where it is. Dark is low: "
        "the valley. The red star is the classifier now; the orange line with dots is its "
        "path over the last steps (up to {trail}).",
        "<b>{x}</b>와 <b>{y}</b>의 현재 값 주변에서 본 전체 손실입니다. 다른 파라미터는 모두 "
        "지금 값에 고정합니다. 어두울수록 낮습니다: 골짜기입니다. 빨간 별은 지금의 분류기이고, "
        "점이 찍힌 주황색 선은 최근 스텝(최대 {trail}개) 동안 지나온 경로입니다.",
    ),
    "slices.heading_html": (
        "<b>Slices through all parameters at once.</b> The map above moves two parameters; "
        "these move W and b together, along random directions, as the CS231n notes draw them.",
        "<b>모든 파라미터를 한꺼번에 지나는 단면.</b> 위 지도는 파라미터 두 개만 움직이지만, "
        "아래 그림들은 강의 노트처럼 W와 b 전체를 무작위 방향으로 함께 움직입니다.",
    ),
    "slices.regenerate": ("New random directions", "새 무작위 방향"),
    "slices.line_title": ("Along a random direction d", "무작위 방향 d를 따라"),
    "slices.line_axis": ("a: distance along d (‖d‖ = 1)", "a: d 방향으로 간 거리 (‖d‖ = 1)"),
    "slices.plane_title": ("Over two random directions d₁, d₂", "두 무작위 방향 d₁, d₂ 위에서"),
    "slices.u_axis": ("distance along d₁", "d₁ 방향 거리"),
    "slices.v_axis": ("distance along d₂", "d₂ 방향 거리"),
    "slices.descent_title": ("Along the negative gradient -∇L", "음의 기울기 -∇L을 따라"),
    "slices.descent_axis": ("t: step size along -∇L", "t: -∇L 방향의 스텝 크기"),
    "slices.kinks": (
        "Along a line the SVM loss is piecewise linear: each triangle marks a kink, where one "
        "point's hinge switches on or off (coloured by that point's class).",
        "직선을 따라가면 SVM 손실은 구간별로 직선입니다: 삼각형마다 꺾이는 점이 있고, 그곳에서 "
        "한 점의 힌지가 켜지거나 꺼집니다(그 점의 클래스 색).",
    ),
    "slices.no_kinks": (
        "Softmax is smooth: its slices have no kinks.",
        "Softmax는 매끄럽습니다: 단면에 꺾이는 점이 없습니다.",
    ),
    "slices.caption_html": (
        "Each slice moves all {count} numbers of W and b. The random directions have length 1 "
        "(‖d‖ = 1), so a is how far the parameters move; <b>New random directions</b> draws "
        "others. The loss includes λ‖W‖². The red star is the classifier now. {kinks} "
        "The right plot follows the slope down: the red diamond is where the next step of "
        "size η = {eta} lands. If it sits past the bottom of the valley, the step overshoots; "
        "far up the other side, training diverges.",
        "각 단면은 W와 b의 숫자 {count}개를 모두 움직입니다. 무작위 방향의 길이는 1(‖d‖ = 1)"
        "이므로 a는 파라미터가 움직인 거리입니다. <b>새 무작위 방향</b>을 누르면 다른 방향을 "
        "뽑습니다. 손실에는 λ‖W‖²가 들어 있습니다. 빨간 별은 지금의 분류기입니다. {kinks} "
        "오른쪽 그림은 기울기를 따라 내려갑니다: 빨간 마름모는 크기 η = {eta}인 다음 스텝이 "
        "닿는 곳입니다. 골짜기 바닥을 지나 있으면 스텝이 지나친 것이고, 반대편 높이 올라가 "
        "있으면 학습이 발산합니다.",
    ),
    "race.ready_html": (
        "Press <b>Start race</b>: every rule starts from the current W and b.",
        "<b>경주 시작</b>을 누르세요: 모든 규칙이 현재 W와 b에서 출발합니다.",
    ),
    "race.start": ("Start race", "경주 시작"),
    "race.stop": ("Stop race", "경주 멈춤"),
    "race.reset": ("Reset race", "경주 리셋"),
    "race.rules": (
        "Contestants ({low} to {high}): update rules follow the gradient; searches guess",
        "참가자 ({low}~{high}개): 업데이트 규칙은 기울기를 따라가고, 탐색은 무작위로 찍습니다",
    ),
    "race.pick": (
        "Pick {low} to {high} contestants to race ({count} picked).",
        "경주할 참가자를 {low}~{high}개 고르세요 (지금 {count}개).",
    ),
    "race.problem": ("Race on", "경주할 문제"),
    "race.problem.page": ("This page's data and settings", "이 페이지의 데이터와 설정"),
    "race.problem.search_vs_slope": (
        "Preset: Random search vs following the slope (6 classes)",
        "프리셋: 무작위 탐색 대 기울기 따라가기 (클래스 6개)",
    ),
    "race.budget_html": (
        "<b>The same budget for everyone:</b> each contestant evaluates the loss "
        "B = {count} time per step. A gradient rule gets the gradient with its evaluation and "
        "takes one step; a search tries one new guess and keeps the best so far.",
        "<b>모두 같은 예산:</b> 참가자마다 스텝당 손실을 {count}번 계산합니다. 업데이트 "
        "규칙은 그 계산에서 기울기를 함께 얻어 한 스텝 움직이고, 탐색은 새 후보를 하나 시험해 "
        "지금까지 가장 좋은 것을 남깁니다.",
    ),
    "race.hint.search_vs_slope": (
        "Here 6 classes of Gaussian blobs give W and b {count} numbers. A random guess must be "
        "lucky in all {count} at once; the gradient tells each number which way is down. "
        "With more parameters, random search falls further behind.",
        "여기서는 가우시안 덩어리 데이터의 클래스가 6개라서 W와 b가 숫자 {count}개입니다. "
        "무작위 추측은 {count}개 모두에서 한꺼번에 운이 좋아야 하지만, "
        "기울기는 숫자마다 어느 쪽이 내리막인지 알려 줍니다. "
        "파라미터가 많을수록 무작위 탐색은 더 뒤처집니다.",
    ),
    "race.search_standing": (
        "{search}: best {loss} after {tries} tries",
        "{search}: {tries}번 시도 중 최저 {loss}",
    ),
    "race.spent": (
        "Loss evaluations so far: {count} for each contestant.",
        "지금까지 손실 계산 횟수: 참가자마다 {count}번.",
    ),
    "race.cannot": ("Cannot race: {error}.", "경주할 수 없습니다: {error}."),
    "race.diverged_at": ("{rule}: ✗ diverged at step {step}", "{rule}: ✗ 스텝 {step}에서 발산"),
    "race.full_batch": ("full batch", "전체 배치"),
    "race.batch": ("batch {size}", "배치 {size}"),
    "race.conditions": (
        "step size {step_size}, λ = {reg}, {batch}; same start, same data",
        "스텝 크기 {step_size}, λ = {reg}, {batch}; 같은 출발점, 같은 데이터",
    ),
    "race.racing": ("Racing…", "경주 중…"),
    "race.step": ("Step {step}.", "스텝 {step}."),
    "race.lowest_html": (
        "Lowest loss now: <b>{rule}</b> ({loss}).",
        "현재 가장 낮은 손실: <b>{rule}</b> ({loss}).",
    ),
    "race.diverged": ("✗ Diverged: {rules}", "✗ 발산: {rules}"),
    "race.diverged_hint": (
        "(lower the step size and press Reset race).",
        "(스텝 크기를 줄이고 경주 리셋을 누르세요).",
    ),
    "race.total_loss": ("Total loss: {losses}", "전체 손실: {losses}"),
    # -- the page for those who must wait (app/server/admission.py) ----------------------
    "full.heading": ("The demo is full right now", "지금은 데모 접속 인원이 가득 찼습니다"),
    "full.body": (
        "This page retries by itself every {retry_s} s, and opens the demo as soon as a "
        "place is free. There is no need to reload it.",
        "이 페이지는 {retry_s}초마다 스스로 다시 시도하고, 자리가 나면 바로 데모를 엽니다. "
        "새로 고침할 필요가 없습니다.",
    ),
}


def say(lang: str, key: str, **values: object) -> str:
    """The text ``key`` in the language ``lang``, with its ``{names}`` filled in from ``values``.

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES`; any other gives the default language.
    key : str
        The text's id, e.g. ``"heading.plot"``.
    **values
        What fills the text's ``{names}``; without any, the text is returned as written.
    """
    texts = TEXTS[key]
    text = texts[LANGUAGES.index(lang)] if lang in LANGUAGES else texts[0]
    return text.format(**values) if values else text


def preferred_language(accept_language: str | None) -> str:
    """The language of :data:`LANGUAGES` that an ``Accept-Language`` header prefers.

    The header lists languages with optional weights, e.g. ``"ko-KR,ko;q=0.9,en;q=0.8"``;
    the one of highest weight that the page has wins, and the default if none.
    """
    best, best_weight = DEFAULT_LANGUAGE, 0.0
    for position, entry in enumerate((accept_language or "")[:1000].split(",")):
        tag, _, parameters = entry.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        weight = 1.0
        if parameters.strip().startswith("q="):
            try:
                weight = float(parameters.strip()[2:])
            except ValueError:
                continue
        # Of equal weights, the first listed wins.
        weight -= position * 1e-6
        if code in LANGUAGES and weight > best_weight:
            best, best_weight = code, weight
    return best
