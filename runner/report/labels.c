/* SPDX-License-Identifier: MIT */
#include "report/labels.h"
#include "base/err.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const table[L_NUM_LABELS][LANG_COUNT] = {
    [L_ACCREDITATION] = {"Accreditation", "认可"},
    [L_ACCURACY_INTRO] =
	{"Accuracy of the device's readings against reference values, by the "
	 "criteria of the standard named for each quantity. Differences are "
	 "device − reference; SD divides by n − 1; limits are inclusive.",
	 "按各量所依据标准的准则，评价器械读数相对于参考值的准确度。差值为器械"
	 "值 − 参考值；标准差以 n − 1 为分母；限值含边界。"},
    [L_ADDRESS] = {"Address", "地址"},
    [L_ALL_CASES] = {"All cases", "全部测试用例"},
    [L_APPROVED_BY] = {"Approved by", "批准"},
    [L_ATTEMPT] = {"Attempt", "第"},
    [L_ATTEMPTS] = {"Attempts (used / allowed)", "尝试次数（已用 / 允许）"},
    [L_BA_CONSTANT] = {"No Bland–Altman plot: every difference (device − "
		       "reference) is",
		       "未绘制 Bland–Altman 图：所有差值（器械 − 参考）均为"},
    [L_AIR_PRESSURE] = {"air pressure", "气压"},
    [L_CONDITIONS] = {"Environmental conditions", "环境条件"},
    [L_CUSTOMER] = {"Customer (applicant)", "委托方（申请人）"},
    [L_DECISION_RULE] = {"Decision rule (per standard)", "判定规则（按标准）"},
    [L_HUMIDITY] = {"relative humidity", "相对湿度"},
    [L_ISO_BLOCK] = {"Statements of ISO/IEC 17025 (7.8)", "ISO/IEC 17025（7.8）声明"},
    [L_METHOD_DEVIATIONS] = {"Deviations from the method", "偏离方法的情况"},
    [L_MU_NEAR_LIMIT] =
	{"A figure lies within its expanded uncertainty U of its limit: the "
	 "verdict rests on the decision rule.",
	 "有指标与其限值之差在其扩展不确定度 U 以内：判定取决于判定规则。"},
    [L_MU_FIGURES] = {"Measurement uncertainty and decision", "测量不确定度与判定"},
    [L_MU_FIGURE] = {"Figure", "指标"},
    [L_MU_U] = {"U (k = 2)", "U（k = 2）"},
    [L_MU_DECISION] = {"Decision", "判定"},
    [L_MU_NOT_EVALUATED] = {"not evaluated", "未评定"},
    [L_MU_SOURCE] = {"Source of U", "U 的来源"},
    [L_MU_NO_SOURCE] =
	{"none: the lab states no uncertainty of this reference "
	 "(lab.references), so U is not evaluated",
	 "无：实验室未声明该参考仪器的不确定度（lab.references），故 U 未评定"},
    [L_MU_NONE_EVALUATED] =
	{"Measurement uncertainty of these figures: not evaluated (no reference "
	 "instrument with a stated uncertainty gives one).",
	 "这些指标的测量不确定度：未评定（没有声明了不确定度的参考仪器可提供）。"},
    [L_MU_NEAR_ITEM] = {"Within U of its limit (the verdict rests on the decision rule)",
			"距限值在 U 以内（判定取决于判定规则）"},
    [L_MU_SRC_REFERENCE] = {"stated expanded uncertainty of the reference",
			    "参考仪器声明的扩展不确定度"},
    [L_MU_NEAR] = {"within U of the limit", "距限值在 U 以内"},
    [L_DEC_PASS] = {"pass", "通过"},
    [L_DEC_CONDITIONAL_PASS] = {"conditional pass (not a pass)", "有条件通过（不算通过）"},
    [L_DEC_CONDITIONAL_FAIL] = {"conditional fail", "有条件不通过"},
    [L_DEC_FAIL] = {"fail", "不通过"},
    [L_MU_REF] = {"Expanded uncertainty of the reference (U)",
		  "参考仪器的扩展不确定度（U）"},
    [L_OPINIONS] = {"Opinions and interpretations", "意见和解释"},
    [L_OPINIONS_NOTE] =
	{"The laboratory's opinions and interpretations (ISO/IEC 17025 "
	 "7.8.7), kept apart from the results: they are not test results.",
	 "实验室的意见和解释（ISO/IEC 17025 7.8.7），与结果分开：它们不是测试结果。"},
    [L_RULE_GUARD_BAND] = {"guard band of the expanded uncertainty",
			   "以扩展不确定度为保护带"},
    [L_RULE_SIMPLE] = {"simple acceptance", "简单接受"},
    [L_SAMPLE_CONDITION] = {"Condition of the item on receipt", "样品接收时的状态"},
    [L_SAMPLE_ID] = {"Item identification", "样品标识"},
    [L_SAMPLE_RECEIVED] = {"Item received", "样品接收日期"},
    [L_TEMPERATURE] = {"temperature", "温度"},
    [L_TRACEABILITY] = {"Traceability", "溯源"},
    [L_UNCERTAINTY] = {"U (stated)", "U（声明值）"},
    [L_CAL_DUE] = {"Calibration due", "校准有效期至"},
    [L_CAPTURE] = {"Bluetooth capture (btsnoop)", "蓝牙抓包（btsnoop）"},
    [L_CASE] = {"Case", "用例"},
    [L_CASES] = {"cases", "个用例"},
    [L_CASES_HEAD] = {"Cases", "用例数"},
    [L_CASES_INTRO] =
	{"Each case with its requirement, verdict and evidence: every decision "
	 "step with what was expected and what was observed, and the "
	 "traffic-log frames (#seq) involved. For a step that did not pass, "
	 "the frames themselves are quoted.",
	 "每个用例列出其要求、判定和证据：每一判定步骤的预期值与观测值，以及所"
	 "涉及的通信日志帧（#序号）。对未通过的步骤，引用帧的原始内容。"},
    [L_CATEGORY] = {"Device category", "器械类别"},
    [L_CERTIFICATE] = {"Certificate", "证书"},
    [L_CHECKED_NOW] = {"At rendering", "生成报告时核对"},
    [L_CLAUSE] = {"Clause", "条款"},
    [L_COUNT] = {"Count", "数量"},
    [L_CRITERION] = {"Criterion", "准则"},
    [L_DATE] = {"Date", "日期"},
    [L_DEVIATIONS_INTRO] =
	{"Everything that departs from a clean pass: failed, inconclusive and "
	 "errored cases, passes that needed a retry, measurements within a "
	 "marginal band of a limit, injected faults, an incomplete run, and "
	 "inputs that changed since the run.",
	 "所有偏离“完全通过”的情况：不通过、无定论及出错的用例，经重试才通过的"
	 "用例，处于限值临界带内的测量值，注入的故障，未完成的运行，以及运行后"
	 "发生变化的输入文件。"},
    [L_DIRTY_TOOL] =
	{"carecert was built from a source tree with uncommitted changes",
	 "carecert 由含未提交修改的源代码构建"},
    [L_DURATION] = {"Duration", "耗时"},
    [L_DUT] = {"Device under test", "被测器械"},
    [L_ELECTRONIC_SEAL] = {"Electronic seal", "电子封印"},
    [L_EVIDENCE] = {"Evidence", "证据"},
    [L_EXCHANGE] = {"Frames of the exchange that decided line",
		    "决定判定的交互帧，脚本行"},
    [L_EXIT_STATUS] = {"Exit status", "退出状态"},
    [L_EXPECTED] = {"Expected", "预期"},
    [L_FAULTS] = {"Injected faults", "注入的故障"},
    [L_FAULTS_INJECTED] = {"Simulator faults injected on purpose",
			   "有意注入的模拟器故障"},
    [L_FEATURES] = {"Features claimed", "声明的功能"},
    [L_FIGURE] = {"Figure", "图"},
    [L_FILE] = {"File", "文件"},
    [L_FILE_CHANGED] = {"CHANGED since the run", "运行后已更改"},
    [L_FILE_MISSING] = {"not found", "未找到"},
    [L_FILE_OK] = {"verified", "已核实"},
    [L_FINDING] = {"Finding", "发现"},
    [L_FIRMWARE] = {"Firmware version", "固件版本"},
    [L_FIXTURE] = {"Data file", "数据文件"},
    [L_FRAMES] = {"Frames", "帧"},
    [L_FUNCTION] = {"Function", "职务"},
    [L_GIT_REVISION] = {"Git revision", "Git 版本"},
    [L_HANDLE] = {"handle", "句柄"},
    [L_HOST] = {"Host", "主机"},
    [L_INCOMPLETE_RUN] = {"The run did not complete:", "本次运行未完成："},
    [L_PARTIAL_RUN] = {"Partial run, not a certification verdict: applicable cases were left out by the selection. Cases run:",
		       "部分运行，不构成认证结论：所选范围之外的适用用例未运行。"},
    [L_OF_APPLICABLE] = {"applicable cases", "已运行 / 适用用例"},
    [L_INSTRUMENT] = {"Instrument", "仪器"},
    [L_INSTRUMENTS] = {"Reference instruments", "参考仪器"},
    [L_INTERVALS] = {"Notification intervals over time", "通知间隔随时间变化"},
    [L_ISSUED] = {"Date of issue", "签发日期"},
    [L_LABORATORY] = {"Laboratory", "实验室"},
    [L_LATENCY_FROM_LOG] =
	{"Response times are measured from the traffic log: from each request "
	 "to the first reply in the same case on the device's own link (Bluetooth "
	 "LE: each ATT request to its response or error); reference instruments "
	 "and further links are left out.",
	 "响应时间取自通信日志：从每个请求到同一用例中器械本身链路上的第一个应答"
	 "（蓝牙低功耗：每个 ATT 请求到其响应或错误响应）；参考仪器和其他链路不计入。"},
    [L_LATENCY_FROM_RECORD] =
	{"No usable traffic log: the latency measurements of the record are "
	 "shown.",
	 "无可用的通信日志：显示结果记录中的时延测量值。"},
    [L_LIMIT] = {"Limit", "限值"},
    [L_LINE] = {"Line", "行"},
    [L_LINK] = {"Link", "链路"},
    [L_MARGINAL] = {"Marginal", "临界"},
    [L_MAX] = {"Max", "最大"},
    [L_MEASUREMENT] = {"Measurement", "测量项"},
    [L_MEASUREMENTS_INTRO] =
	{"Every named measurement, converted to the unit of its limits, with "
	 "the verdict of its check.",
	 "所有具名测量值（已换算为其限值的单位）及其检查判定。"},
    [L_METHOD] = {"Method", "方法"},
    [L_MIN] = {"Min", "最小"},
    [L_MODEL] = {"Model", "型号"},
    [L_NAME] = {"Name", "姓名"},
    [L_NONE] = {"None.", "无。"},
    [L_NOT_APPLICABLE] = {"Not applicable", "不适用"},
    [L_NOT_APPLICABLE_CASES] = {"Cases not applicable, and why",
				"不适用的用例及原因"},
    [L_NOT_FINISHED] = {"not finished", "未结束"},
    [L_NOT_STATED] = {"not stated", "未说明"},
    [L_NO_ACCURACY] = {"This run holds no accuracy evaluation.",
		       "本次运行不含准确度评价。"},
    [L_NO_DEVIATIONS] = {"No deviations: every applicable case passed at the "
			 "first attempt, with no marginal measurement.",
			 "无偏离：所有适用用例均一次通过，且无临界测量值。"},
    [L_NO_INSTRUMENTS] = {"No reference instrument is named in the record.",
			  "结果记录中未列出参考仪器。"},
    [L_NO_INTERVALS] = {"No case of this run measures notification intervals.",
			"本次运行没有测量通知间隔的用例。"},
    [L_NO_LATENCY] = {"No response time or latency was recorded.",
		      "未记录响应时间或时延。"},
    [L_NO_MEASUREMENTS] = {"No measurements were recorded.", "未记录测量值。"},
    [L_NO_SECURITY_CASES] = {"No security case is in the scope of this run.",
			     "本次运行范围内无安全类用例。"},
    [L_NO_SIMULATOR] = {"None: a physical device was tested.",
			"无：测试对象为实体器械。"},
    [L_OBSERVED] = {"Observed", "观测"},
    [L_OS] = {"Operating system", "操作系统"},
    [L_OTHER_CASES] = {"Cases of no listed suite", "不属于所列测试套件的用例"},
    [L_OVERALL_VERDICT] = {"Overall verdict:", "总体判定："},
    [L_PAGE_OF] = {" of ", " 页，共 "},
    [L_PAGE_PREFIX] = {"Page ", "第 "},
    [L_PASSED_ON_RETRY] = {"Passed on retry", "重试后通过"},
    [L_PERCENTILE] = {"Percentile", "百分位"},
    [L_PLANNED] = {"Planned", "计划"},
    [L_PLOT_ARMS_DECADE] = {"Arms per decade", "各区间 Arms"},
    [L_PLOT_ARMS_LIMIT] = {"Arms limit", "Arms 限值"},
    [L_PLOT_BA_CAPTION] =
	{"Bland–Altman plot: difference against mean, with the bias and the 95 "
	 "% limits of agreement (bias ± 1.96 SD).",
	 "Bland–Altman 图：差值对均值，标出偏倚及 95% 一致性界限（偏倚 ± 1.96 "
	 "SD）。"},
    [L_PLOT_BA_TITLE] = {"Bland–Altman", "Bland–Altman 图"},
    [L_PLOT_BA_X] = {"mean of device and reference", "器械值与参考值的均值"},
    [L_PLOT_BA_Y] = {"device − reference", "器械值 − 参考值"},
    [L_PLOT_CDF] = {"cumulative fraction", "累积比例"},
    [L_PLOT_CDF_SHORT] = {"cumulative distribution", "累积分布"},
    [L_PLOT_COUNT] = {"count", "数量"},
    [L_PLOT_DEVICE] = {"device", "器械值"},
    [L_PLOT_ERROR] = {"device − reference", "器械值 − 参考值"},
    [L_PLOT_HISTOGRAM] = {"histogram", "直方图"},
    [L_PLOT_INTERVAL_CAPTION] =
	{"Intervals between successive notifications or indications of each "
	 "handle, from the traffic log, with the limits of the case's interval "
	 "measurements; case",
	 "各句柄相邻通知或指示之间的间隔（取自通信日志），并标出该用例间隔测量"
	 "的限值；用例"},
    [L_PLOT_INTERVAL_MEAS_CAPTION] =
	{"No usable traffic log: the case's interval measurements in the order "
	 "they were taken, with their limits; case",
	 "无可用的通信日志：按测量顺序显示该用例的间隔测量值及其限值；用例"},
    [L_PLOT_INTERVAL_TITLE] = {"notification interval", "通知间隔"},
    [L_PLOT_INTERVAL_Y] = {"interval (ms)", "间隔（ms）"},
    [L_PLOT_LATENCY_CAPTION] =
	{"Response times: histogram and cumulative distribution, with the "
	 "limits of the run's latency measurements.",
	 "响应时间：直方图与累积分布，并标出本次运行时延测量的限值。"},
    [L_PLOT_LATENCY_TITLE] = {"Response time", "响应时间"},
    [L_PLOT_LATENCY_X] = {"response time (ms)", "响应时间（ms）"},
    [L_PLOT_MEAS_INDEX] = {"measurement number", "测量序号"},
    [L_PLOT_OUTSIDE] = {"outside the band", "超出允差带"},
    [L_PLOT_PAIRS] = {"pairs", "配对数据"},
    [L_PLOT_PARKES_CAPTION] =
	{"Consensus (Parkes) error grid for type 1 diabetes, zones A to E; "
	 "readings in mg/dL.",
	 "1 型糖尿病共识（Parkes）误差网格，A 至 E 区；读数单位 mg/dL。"},
    [L_PLOT_PARKES_TITLE] = {"Consensus (Parkes) error grid, type 1",
			     "共识（Parkes）误差网格（1 型）"},
    [L_PLOT_PARKES_X] = {"reference glucose (mg/dL)", "参考血糖（mg/dL）"},
    [L_PLOT_PARKES_Y] = {"device glucose (mg/dL)", "器械血糖（mg/dL）"},
    [L_PLOT_READINGS] = {"readings", "读数"},
    [L_PLOT_REFERENCE] = {"reference", "参考值"},
    [L_PLOT_SCATTER_CAPTION] = {"device against reference, with the line of "
				"identity and the acceptance band.",
				"器械值对参考值，标出等值线及允差带。"},
    [L_PLOT_SCATTER_TITLE] = {"device against reference", "器械值对参考值"},
    [L_PLOT_SPO2_CAPTION] =
	{"SpO2 error (device − reference) against the reference, by decade of "
	 "70–100 %, with the Arms of each decade and the Arms limit.",
	 "SpO2 误差（器械值 − 参考值）对参考值，按 70–100% 分区，标出各区间 "
	 "Arms 及 Arms 限值。"},
    [L_PLOT_SPO2_TITLE] = {"SpO2 error by range", "SpO2 分区误差"},
    [L_PLOT_SPO2_X] = {"reference SpO2 (%)", "参考 SpO2（%）"},
    [L_PLOT_SPO2_Y] = {"error (% SpO2)", "误差（% SpO2）"},
    [L_PLOT_TRACK_CAPTION] =
	{"The track on the ground: the truth as a line, the device's valid fixes "
	 "coloured by their horizontal error; east and north metres from the "
	 "truth's first point.",
	 "地面轨迹：真值为连线，器械的有效定位点按水平误差着色；坐标为相对真值"
	 "起点的东向与北向距离（m）。"},
    [L_PLOT_TRACK_DEVICE] = {"device fixes", "器械定位点"},
    [L_PLOT_TRACK_ERROR] = {"horizontal error (m)", "水平误差（m）"},
    [L_PLOT_TRACK_TITLE] = {"Track: truth and device", "轨迹：真值与器械"},
    [L_PLOT_TRACK_TRUTH] = {"truth", "真值"},
    [L_PLOT_TRACK_X] = {"east (m)", "东向（m）"},
    [L_PLOT_TRACK_Y] = {"north (m)", "北向（m）"},
    [L_PLOT_POS_CDF_CAPTION] =
	{"Horizontal error: histogram and cumulative distribution, with CE50 "
	 "and CE95 (ISO/IEC 18305 8.9).",
	 "水平误差：直方图与累积分布，标出 CE50 与 CE95（ISO/IEC 18305 8.9）。"},
    [L_PLOT_POS_CDF_TITLE] = {"Horizontal error", "水平误差"},
    [L_PLOT_POS_CDF_X] = {"horizontal error (m)", "水平误差（m）"},
    [L_POS_ZONES] = {"Error by zone of the truth", "按真值区域统计的误差"},
    [L_POS_EVENTS] = {"Geofence timeline", "电子围栏时间线"},
    [L_POS_EXIT] = {"exit", "离开"},
    [L_POS_FALSE_ALARM] = {"false exit alarm", "误报离开告警"},
    [L_POS_EVENT_TIME] = {"true crossing (s)", "真实越界时刻（s）"},
    [L_POS_ALARM_TIME] = {"alarm received (s)", "收到告警时刻（s）"},
    [L_POS_ALARM_LATENCY] = {"alarm latency (s)", "告警时延（s）"},
    [L_POS_NO_ALARM] = {"no alarm", "无告警"},
    [L_POS_FENCE] = {"fence", "围栏"},
    [L_ST_CE50] = {"CE50, 50th percentile of the horizontal error (m)", "CE50，水平误差第 50 百分位（m）"},
    [L_ST_CE95] = {"CE95, 95th percentile of the horizontal error (m)", "CE95，水平误差第 95 百分位（m）"},
    [L_ST_RMS_M] = {"RMS horizontal error (m)", "水平误差均方根（m）"},
    [L_ST_MEAN_ERR] = {"mean horizontal error (m)", "平均水平误差（m）"},
    [L_ST_MAX_ERR] = {"largest horizontal error (m)", "最大水平误差（m）"},
    [L_ST_VE95] = {"VE95, 95th percentile of the vertical error (m)", "VE95，垂直误差第 95 百分位（m）"},
    [L_ST_AVAIL] = {"availability (%)", "可用性（%）"},
    [L_ST_TTFF] = {"time to first fix (s)", "首次定位时间（s）"},
    [L_ST_TTFF_WARM] = {"time to fix after an outage, slowest (s)", "信号中断后重新定位时间，最长（s）"},
    [L_ST_LAT95] = {"latency, 95th percentile (s)", "时延第 95 百分位（s）"},
    [L_ST_FLOOR] = {"floor detection probability (%)", "楼层判定概率（%）"},
    [L_ST_ZONE] = {"zone detection probability (%)", "区域判定概率（%）"},
    [L_ST_OUTAGE] = {"valid fixes without satellites", "无卫星信号时的有效定位"},
    [L_ST_EXITS] = {"geofence exits", "离开电子围栏次数"},
    [L_ST_EXITS_DET] = {"exits alarmed", "已告警的离开"},
    [L_ST_FALSE_EXITS] = {"false exit alarms", "误报离开告警"},
    [L_ST_ALARM_LAT] = {"largest alarm latency (s)", "最大告警时延（s）"},
    [L_ST_N_EPOCHS] = {"epochs judged (fixes, or time slots of a day)", "参与评定的时段数（定位点或当日时段）"},
    [L_POS_MEAN] = {"mean", "平均"},
    [L_POS_EVENT] = {"event", "事件"},
    [L_PLOT_TIME_X] = {"time since the case started (s)",
		       "自用例开始的时间（s）"},
    [L_PLOT_UNAVAILABLE] = {"Plot not drawn", "未绘制图"},
    [L_PLOT_WITHIN] = {"within the band", "允差带内"},
    [L_PLOT_ZONES] = {"zone boundaries", "区域边界"},
    [L_PREVIOUS_ATTEMPTS] = {"Earlier attempts", "先前的尝试"},
    [L_PROFILE] = {"Test profile", "测试配置"},
    [L_PROGRAM] = {"Program", "程序"},
    [L_RANGE] = {"Range", "范围"},
    [L_REASON] = {"Reason", "原因"},
    [L_RECORD_SHA] = {"Result record SHA-256:", "结果记录 SHA-256："},
    [L_RECORD_SHORT] = {"record", "记录"},
    [L_RECORD_STATUS] = {"Record status", "记录状态"},
    [L_RENDERED_BY] = {"Report rendered by", "报告生成工具"},
    [L_REPORT_ID] = {"Report identifier", "报告标识"},
    [L_REPORT_ID_NOTE] = {"first 16 digits of the result record's SHA-256",
			  "结果记录 SHA-256 的前 16 位"},
    [L_REPORT_TITLE] = {"Conformance Test Report", "符合性测试报告"},
    [L_REQUIREMENT] = {"Requirement", "要求"},
    [L_REQUIREMENT_MET] = {"Requirement met.", "满足要求。"},
    [L_RESPONSE_TIMES] = {"Response times", "响应时间"},
    [L_RESULTS_RELATE] = {"The results in this report relate only to the item "
			  "tested, as identified on the cover. This report "
			  "shall not be reproduced except in full.",
			  "本报告结果仅对封面所标识的被测样品有效。未经许可，不"
			  "得部分复制本报告。"},
    [L_RESULT_RECORD] = {"Result record", "结果记录"},
    [L_REVIEWED_BY] = {"Reviewed by", "审核"},
    [L_ROLE] = {"Role", "用途"},
    [L_RUN] = {"Run", "已执行"},
    [L_SAMPLES] = {"Samples", "样本数"},
    [L_SCOPE_INTRO] = {"The suites run against the device under test, the "
		       "standards and clauses their cases verify, and the "
		       "cases that did not apply to this device.",
		       "对被测器械执行的测试套件、其用例所验证的标准及条款，以"
		       "及不适用于本器械的用例。"},
    [L_SEALED_BEFORE] = {"The run folder already carried a seal when this "
			 "report was rendered (key fingerprint below); seal it "
			 "again so that the seal covers this report:",
			 "生成本报告时运行目录已有封印（密钥指纹如下）；请重新"
			 "封印，使封印覆盖本报告："},
    [L_SEAL_TEXT] =
	{"The run folder (result record, traffic log, captures, this report "
	 "and its plots) is sealed with an Ed25519 signature over the SHA-256 "
	 "of every file (MANIFEST.sha256, MANIFEST.sig). Anyone can check that "
	 "no file was changed, added or removed:",
	 "运行目录（结果记录、通信日志、抓包文件、本报告及其图）以 Ed25519 "
	 "签名封印，签名覆盖每个文件的 "
	 "SHA-256（MANIFEST.sha256、MANIFEST."
	 "sig）。任何人均可核验是否有文件被更改、增加或删除："},
    [L_SECURITY_INTRO] =
	{"Cases that verify security requirements (link encryption, "
	 "authentication, refusal of insecure access).",
	 "验证安全要求的用例（链路加密、认证、拒绝不安全的访问）。"},
    [L_SEC_ACCURACY] = {"Accuracy", "准确度"},
    [L_SEC_APPROVAL] = {"Approval", "批准"},
    [L_SEC_CASES] = {"Case results", "用例结果"},
    [L_SEC_DEVIATIONS] = {"Deviations and inconclusive items",
			  "偏离及无定论项"},
    [L_SEC_MEASUREMENTS] = {"Measurements", "测量值"},
    [L_SEC_SCOPE] = {"Scope", "范围"},
    [L_SEC_SECURITY] = {"Security findings", "安全性发现"},
    [L_SEC_WEB] = {"Companion web app: ageing-friendly design and accessibility",
		   "配套网页应用：适老化与无障碍"},
    [L_WEB_AUDITS] = {"Audits", "审核次数"},
    [L_WEB_AXE_RULES] = {"axe-core rules violated", "违反的 axe-core 规则"},
    [L_WEB_CHECK] = {"Check", "检查项"},
    [L_WEB_FAILED] = {"Failed audits", "未通过的审核"},
    [L_WEB_IMPACT] = {"Impact", "影响程度"},
    [L_WEB_INTRO] =
	{"Pages of the device's companion web app audited in a headless "
	 "Chromium: carecert's ageing-friendly checks (MIIT 2021) and WCAG 2.1 "
	 "A/AA by axe-core. Offending elements are outlined in red in the "
	 "screenshots.",
	 "在无界面 Chromium 中审核设备配套网页应用的页面：carecert 的适老化检查"
	 "（工业和信息化部 2021 年规范）及 axe-core 的 WCAG 2.1 A/AA 规则。"
	 "截图中以红框标出不合格的元素。"},
    [L_WEB_MEASURED] = {"Elements measured", "测量的元素"},
    [L_WEB_NONE] = {"No web page was audited in this run.", "本次运行未审核网页。"},
    [L_WEB_OBSERVED] = {"Observed", "观测值"},
    [L_WEB_OFFENDING] = {"Offending elements", "不合格元素"},
    [L_WEB_RULE] = {"Rule", "规则"},
    [L_WEB_SELECTOR] = {"Element (CSS selector)", "元素（CSS 选择器）"},
    [L_WEB_SHOT_MISSING] = {"Screenshot not shown (missing, changed since the run, or too large):",
			    "截图未显示（缺失、运行后被更改或过大）："},
    [L_WEB_TEXT] = {"Text", "文本"},
    [L_SEC_SETUP] = {"Test setup", "测试配置"},
    [L_SEC_SUMMARY] = {"Summary of results", "结果汇总"},
    [L_SEC_TIMING] = {"Timing and latency", "时序与时延"},
    [L_SEC_TRACE] = {"Traceability", "可追溯性"},
    [L_SEE] = {"See", "参见"},
    [L_SERIAL] = {"Serial number", "序列号"},
    [L_SIGNAL] = {"signal", "信号"},
    [L_SIGNATURE] = {"Signature", "签名"},
    [L_SIMULATED_DUT] =
	{"The device under test was a simulated device, carecert's",
	 "被测器械为模拟器械，即 carecert 的"},
    [L_SIMULATOR] = {"Simulated device", "模拟器械"},
    [L_SIMULATOR_INTRO] =
	{"The device under test was simulated by a carecert program speaking "
	 "the real protocol over a real link.",
	 "被测器械由 carecert 程序模拟，该程序通过真实链路使用真实协议通信。"},
    [L_STAGE] = {"Decided at step", "判定所在步骤"},
    [L_STANDARD] = {"Standard", "标准"},
    [L_STANDARDS] = {"Standards and clauses", "标准及条款"},
    [L_STARTED] = {"Started (UTC)", "开始时间（UTC）"},
    [L_STEP] = {"Step", "步骤"},
    [L_ST_AB_PCT] = {"In zones A and B (%)", "位于 A、B 区（%）"},
    [L_ST_ARMS] = {"Arms", "Arms"},
    [L_ST_BIAS] = {"Bias", "偏倚"},
    [L_ST_C2_LIMIT] = {"Criterion 2 limit", "准则 2 限值"},
    [L_ST_LOA_HIGH] = {"Upper limit of agreement", "一致性上限"},
    [L_ST_LOA_LOW] = {"Lower limit of agreement", "一致性下限"},
    [L_ST_NEED_PAIRS] = {"More pairs needed", "尚需配对数"},
    [L_ST_NEED_SUBJECTS] = {"More subjects needed", "尚需受试者数"},
    [L_ST_NEED_SET_POINTS] = {"More set points needed", "尚需设定点数"},
    [L_ST_N_OUTSIDE] = {"Pairs outside the range", "范围外配对数"},
    [L_ST_N_PAIRS] = {"Pairs", "配对数"},
    [L_ST_N_SUBJECTS] = {"Subjects", "受试者数"},
    [L_ST_N_SET_POINTS] = {"Set points (simulator)", "设定点数（模拟器）"},
    [L_ST_SET_POINT_SD] = {"SD of set-point means", "设定点均值的标准差"},
    [L_ST_SD] = {"SD", "标准差"},
    [L_ST_SUBJECT_SD] = {"SD of subject means", "受试者均值的标准差"},
    [L_ST_WITHIN_PCT] = {"Within limits (%)", "限值内比例（%）"},
    [L_SUITE] = {"Suite", "测试套件"},
    [L_SUITES] = {"Suites", "测试套件"},
    [L_TESTED_BY] = {"Tested by", "检测"},
    [L_TEST_PERIOD] = {"Test period", "测试时间"},
    [L_TEST_SYSTEM] = {"Test system", "测试系统"},
    [L_TIMING_INTRO] = {"Response times of the device and the timing "
			"measurements of the suites, with their limits.",
			"器械的响应时间及各测试套件的时序测量值与限值。"},
    [L_TIMING_MEASUREMENTS] = {"Timing measurements", "时序测量值"},
    [L_TITLE] = {"Title", "名称"},
    [L_TOC] = {"Contents", "目录"},
    [L_TOOL] = {"Test tool", "测试工具"},
    [L_TOOL_VERSION] = {"carecert version", "carecert 版本"},
    [L_TOTAL] = {"Total", "合计"},
    [L_TRACE_INTRO] =
	{"The SHA-256 of every input the result record names, as recorded "
	 "during the run, and whether the file still has it now.",
	 "结果记录所列每个输入文件在运行时记录的 "
	 "SHA-256，以及该文件现在是否仍与之一致。"},
    [L_TRACE_NOTE] = {"A changed or missing input does not alter the results "
		      "above, which come from the record; it means the file at "
		      "that path is no longer the one that was used.",
		      "输入文件已更改或缺失并不影响上述结果（结果来自结果记录）"
		      "，仅表示该路径下的文件已不是运行时所用的文件。"},
    [L_TRAFFIC_LOG] = {"Traffic log", "通信日志"},
    [L_TRANSPORT] = {"Link to the device", "与器械的链路"},
    [L_FURTHER_LINK] = {"Further link to the device", "与器械的其他链路"},
    [L_LINK_UNAVAILABLE] = {"Could not be opened", "无法打开"},
    [L_UNIT] = {"Unit", "单位"},
    [L_VALUE] = {"Value", "值"},
    [L_VENDOR] = {"Manufacturer", "制造商"},
    [L_VERDICT] = {"Verdict", "判定"},
    [L_VERSION] = {"Version", "版本"},
    [L_YES] = {"yes", "是"},
    [L_ZONE] = {"Zone", "区域"},
    [L_FALL_ALARMED] = {"Alarmed", "报警次数"},
    [L_FALL_CI] = {"95 % CI (Wilson)", "95 % 置信区间（Wilson）"},
    [L_FALL_COMPRESSION] = {"Time compression", "时间压缩"},
    [L_FALL_FASTER] = {"times faster than real time (a simulated device; latencies are on the motion clock the instrument and device share)", "倍于实时回放（模拟设备；延迟按仪器与设备共用的运动时钟计）"},
    [L_FALL_GENERATOR] = {"Trial generator", "试验生成器"},
    [L_FALL_RATIO] = {"Ratio", "比例"},
    [L_FALL_REALTIME] = {"none: replayed in real time", "无：按实时回放"},
    [L_FALL_SEED] = {"Seed", "随机种子"},
    [L_FALL_SET_HASH] = {"Trial set SHA-256", "试验集 SHA-256"},
    [L_FALL_TITLE] = {"Activity", "动作"},
    [L_FALL_TRIALS] = {"Trials (falls / ADLs)", "试验数（跌倒 / 日常活动）"},
    [L_FALL_TYPE] = {"Trial type", "试验类型"},
    [L_PLOT_FALL_CLAIM] = {"claim", "声称值"},
    [L_PLOT_FALL_LAT_CAPTION] = {"detection latency, impact to alarm raised: histogram and cumulative distribution", "检测延迟（撞击至报警）：直方图与累积分布"},
    [L_PLOT_FALL_LAT_TITLE] = {"Detection latency", "检测延迟"},
    [L_PLOT_FALL_LAT_X] = {"impact to alarm (ms)", "撞击至报警（ms）"},
    [L_PLOT_FALL_OBSERVED] = {"observed, with its Wilson 95 % interval", "观测值及 Wilson 95 % 置信区间"},
    [L_PLOT_FALL_PROP_CAPTION] = {"the proportion with its Wilson 95 % interval; the dashed mark is the claim, which holds only when the interval's lower end reaches it", "比例及其 Wilson 95 % 置信区间；虚线为声称值，仅当区间下限达到该值时声称成立"},
    [L_PLOT_FALL_PROP_TITLE] = {"Sensitivity / specificity", "灵敏度 / 特异度"},
    [L_PLOT_FALL_TYPES_CAPTION] = {"share of each trial type's trials that raised an alarm, with Wilson 95 % intervals", "各试验类型中报警试验所占比例及 Wilson 95 % 置信区间"},
    [L_PLOT_FALL_TYPES_TITLE] = {"Alarms per trial type", "各试验类型的报警比例"},
    [L_PLOT_FALL_Y] = {"percent of trials", "占试验的百分比（%）"},
    [L_PLOT_FALL_TIMELINE_TITLE] = {"Alarm timeline", "报警时间线"},
    [L_PLOT_FALL_TIMELINE_X] = {"motion time (s)", "运动时间（s）"},
    [L_PLOT_FALL_TIMELINE_CAPTION] = {"falls (impacts), alarms as the device raised them and as they arrived, on the motion clock; the shaded span is the radio outage", "跌倒（撞击）、设备发出报警的时刻及报警到达的时刻（运动时钟）；阴影区为无线中断期"},
    [L_PLOT_FALL_IMPACTS] = {"falls (impact)", "跌倒（撞击）"},
    [L_PLOT_FALL_RAISED] = {"alarm raised", "报警发出"},
    [L_PLOT_FALL_ARRIVED] = {"alarm arrived", "报警到达"},
    [L_PLOT_FALL_OUTAGE] = {"radio outage", "无线中断"},
    [L_CARE_CLASS] = {"Class", "类别"},
    [L_CARE_CONFUSION] = {"Confusion matrix in epochs of the scripted day: rows what happened (ground truth), columns what the device said (none: it said nothing)", "混淆矩阵（脚本日的时段数）：行为实际发生的状态（真值），列为器械的判断（none：器械未作判断）"},
    [L_CARE_DEVICE_EVENT] = {"Device event", "器械事件"},
    [L_CARE_EVENTS] = {"Event timeline: each true event of the scripted day with the device event matched to it; missed events and false events", "事件时间线：脚本日中每个真实事件及与之匹配的器械事件；漏报与误报"},
    [L_CARE_FALSE_EVENT] = {"false event", "误报"},
    [L_CARE_LATENCY] = {"Latency (s)", "延迟（s）"},
    [L_CARE_LIMIT] = {"limit", "限值"},
    [L_CARE_MISSED] = {"missed", "漏报"},
    [L_CARE_N_DEVICE] = {"Device epochs", "器械时段数"},
    [L_CARE_N_TRUE] = {"True epochs", "真实时段数"},
    [L_CARE_PRECISION] = {"Precision (%)", "精确率（%）"},
    [L_CARE_RECALL] = {"Recall (%)", "召回率（%）"},
    [L_CARE_TIME_SCALE] = {"Time-compressed run: the device lived the scripted day faster than real time by", "时间压缩运行：器械经历脚本日的速度为实时的"},
    [L_CARE_TRUE_EVENT] = {"True event (time of day)", "真实事件（当日时间）"},
    [L_CARE_TRUTH_DEVICE] = {"truth \\ device", "真值 \\ 器械"},
    [L_PLOT_EVENT_LATENCY_CAPTION] = {"latency of each detected event from the true event: histogram and cumulative distribution", "每个检出事件相对真实事件的延迟：直方图与累积分布"},
    [L_PLOT_EVENT_LATENCY_TITLE] = {"event latency", "事件延迟"},
    [L_PLOT_EVENT_LATENCY_X] = {"latency from the true event (s)", "相对真实事件的延迟（s）"},
    [L_ALARM_TIMELINE] = {"Alarm timeline: each event (a press of the SOS button, a fall's impact, a geofence exit) and every request the platform received, in seconds from the first event (refused: answered while the platform was down; while it is unreachable it receives nothing)", "报警时间线：每个事件（按下 SOS 按钮、跌倒撞击、离开电子围栏）以及平台收到的每个请求，以首个事件后的秒数计（被拒：平台停机期间的应答；平台不可达期间收不到任何请求）"},
    [L_ALARM_T] = {"Time (s)", "时间（s）"},
    [L_ALARM_KIND] = {"Event", "事件"},
    [L_ALARM_ID] = {"Alarm id", "报警编号"},
    [L_ALARM_STATUS] = {"Platform's answer", "平台应答"},
    [L_ALARM_K_PRESS] = {"button pressed", "按下按钮"},
    [L_ALARM_K_FALL] = {"fall (impact)", "跌倒（撞击）"},
    [L_ALARM_K_EXIT] = {"geofence exit", "离开电子围栏"},
    [L_ALARM_K_DELIVERED] = {"delivered", "送达"},
    [L_ALARM_K_DUPLICATE] = {"duplicate", "重复"},
    [L_ALARM_K_ESCALATION] = {"escalation", "升级"},
    [L_ALARM_K_REFUSED] = {"refused (platform down)", "被拒（平台停机）"},
    [L_ALARM_K_UNREADABLE] = {"unreadable", "无法读取"},
    [L_ALARM_K_DOWN] = {"platform down", "平台停机"},
    [L_ALARM_K_UP] = {"platform back", "平台恢复"},
    [L_ALARM_OUT_REFUSED] = {"every request answered with an HTTP error", "每个请求均以 HTTP 错误应答"},
    [L_ALARM_OUT_CLOSED] = {"unreachable, connections refused", "不可达，连接被拒绝"},
    [L_ALARM_OUT_SILENT] = {"unreachable, connections never answered", "不可达，连接无应答"},
    [L_PLOT_ALARM_LATENCY_X] = {"delivery latency, event (press, fall, exit) to platform (s)", "送达延迟，事件（按下、跌倒、离开围栏）至平台（s）"},
    [L_PLOT_ALARM_LATENCY_TITLE] = {"alarm delivery latency", "报警送达延迟"},
    [L_PASSED_COMPACT] = {"Passed cases", "通过的测试用例"},
    [L_PASSED_COMPACT_NOTE] =
	{"This run has more cases than the printed report details: each passed "
	 "case is one line here, its full evidence is in report.html (the same "
	 "record, the same hash). Every other case follows with its full "
	 "evidence.",
	 "本次运行的测试用例多于打印版报告逐一详述的数量：每个通过的用例在此占一行，"
	 "其完整证据见 report-zh.html（同一记录，同一哈希）。其余每个用例随后附完整证据。"},
    [L_ST_ACCURACY_PCT] = {"accuracy (%)", "准确率（%）"},
    [L_ST_KAPPA] = {"Cohen's kappa", "Cohen's kappa 系数"},
    [L_ST_CHANCE] = {"agreement by chance", "偶然一致率"},
    [L_ST_N_TRUE] = {"true events", "真实事件数"},
    [L_ST_N_DEVICE] = {"events the device reported", "器械报告的事件数"},
    [L_ST_DETECTION_PCT] = {"detection ratio (%)", "检出率（%）"},
    [L_ST_FALSE_PER_DAY] = {"false events a day", "每日误报数"},
    [L_ST_LAT_P50] = {"latency, median (s)", "延迟中位数（s）"},
    [L_ST_LAT_P95] = {"latency, 95th percentile (s)", "延迟第 95 百分位（s）"},
    [L_ST_LAT_MAX] = {"latency, maximum (s)", "最大延迟（s）"},
    [L_ST_N_PRESSES] = {"SOS presses", "SOS 按下次数"},
    [L_ST_N_DELIVERED] = {"alarms delivered (distinct)", "送达的报警（不重复）"},
    [L_ST_N_DUPLICATES] = {"duplicates", "重复报警"},
    [L_ST_N_REFUSED] = {"refused while the platform was down", "平台停机期间被拒"},
    [L_ST_N_ESCALATIONS] = {"escalations", "升级"},
    [L_ST_N_OUT_OF_ORDER] = {"out of order", "乱序"},
    [L_ST_N_CONTENT_ERRORS] = {"alarms with content errors", "内容有误的报警"},
    [L_ST_DELIVERY_PCT] = {"delivery ratio (%)", "送达率（%）"},
};

int label_lang_parse(const char *name, enum label_lang *out)
{
	if (!name)
		return CC_EINVAL;
	if (!strcmp(name, "en")) {
		*out = LANG_EN;
		return CC_OK;
	}
	if (!strcmp(name, "zh") || !strcmp(name, "zh-CN") ||
	    !strcmp(name, "zh-Hans")) {
		*out = LANG_ZH;
		return CC_OK;
	}
	return CC_EINVAL;
}

const char *label_get(enum label_lang lang, enum label_id id)
{
	const char *s;

	if ((unsigned)lang >= LANG_COUNT || (unsigned)id >= L_NUM_LABELS)
		return "?";
	s = table[id][lang];
	return s ? s : "?";
}

const char *label_verdict(enum label_lang lang, const char *verdict)
{
	/* conformance-testing usage: 通过 pass, 不通过 fail, 无定论
	 * inconclusive */
	static const char *const names[][1 + LANG_COUNT] = {
	    {"pass", "PASS", "通过"},
	    {"fail", "FAIL", "不通过"},
	    {"inconclusive", "INCONCLUSIVE", "无定论"},
	    {"error", "ERROR", "错误"},
	    {"skipped", "NOT APPLICABLE", "不适用"},
	    {"not run", "NOT RUN", "未运行"},
	    {"not judged", "NOT JUDGED", "未判定"},
	    {"partial", "PARTIAL", "部分运行"},
	    {"incomplete", "INCOMPLETE", "未完成"},
	};

	for (size_t i = 0; verdict && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(verdict, names[i][0]))
			return (unsigned)lang < LANG_COUNT ? names[i][1 + lang]
							   : names[i][1];
	return verdict ? verdict : "?";
}

const char *label_enum(enum label_lang lang, const char *value)
{
	static const char *const names[][1 + LANG_COUNT] = {
	    /* device categories (suites' and profiles' category:) */
	    {"blood_pressure", "Blood pressure monitor", "血压计"},
	    {"ecg", "ECG monitor", "心电监护仪"},
	    {"gateway", "Health gateway", "健康网关"},
	    {"glucose", "Blood glucose meter", "血糖仪"},
	    {"heart_rate", "Heart rate monitor", "心率监测器"},
	    {"pulse_oximeter", "Pulse oximeter", "脉搏血氧仪"},
	    {"thermometer", "Thermometer", "体温计"},
	    {"fall_detection", "Fall detector", "跌倒检测器"},
	    {"alarm", "Emergency alarm", "紧急报警器"},
	    {"behaviour_monitor", "Behaviour monitor (room or bed sensor)", "行为监测器（房间或床垫传感器）"},
	    {"location_tracker", "Location tracker", "定位器"},
	    /* run status (record status) */
	    {"complete", "Complete", "已完成"},
	    {"incomplete", "Incomplete", "未完成"},
	    {"interrupted", "Interrupted", "已中断"},
	    {"aborted", "Aborted", "已中止"},
	    {"running", "Running (not finished)", "运行中（未结束）"},
	    /* accuracy methods */
	    {"bp", "Blood pressure", "血压"},
	    {"spo2", "SpO2", "血氧饱和度"},
	    {"pulse_rate", "Pulse rate", "脉率"},
	    {"temperature", "Temperature", "温度"},
	};

	for (size_t i = 0; value && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(value, names[i][0]))
			return (unsigned)lang < LANG_COUNT ? names[i][1 + lang]
							   : names[i][1];
	return NULL;
}

const char *label_quantity(enum label_lang lang, const char *q)
{
	static const char *const names[][1 + LANG_COUNT] = {
	    {"systolic", "systolic pressure", "收缩压"},
	    {"diastolic", "diastolic pressure", "舒张压"},
	    {"mean_arterial_pressure", "mean arterial pressure", "平均动脉压"},
	    {"glucose", "glucose", "血糖"},
	    {"heart_rate", "heart rate", "心率"},
	    {"hr", "heart rate", "心率"},
	    {"pulse_rate", "pulse rate", "脉率"},
	    {"rr", "RR interval", "RR 间期"},
	    {"spo2", "SpO2", "血氧饱和度"},
	    {"temperature", "temperature", "温度"},
	};

	for (size_t i = 0; q && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(q, names[i][0]))
			return (unsigned)lang < LANG_COUNT ? names[i][1 + lang] : names[i][1];
	return q;
}

const char *label_link_param(enum label_lang lang, const char *key)
{
	/* the profile's transport keys (each transport's own, docs/profile.md) */
	static const char *const names[][1 + LANG_COUNT] = {
	    {"kind", "kind", "链路类型"},
	    {"url", "url", "URL"},
	    {"plain_url", "plain_url", "明文 URL"},
	    {"ca_bundle", "ca_bundle", "CA 证书包"},
	    {"pinned_public_key", "pinned_public_key", "固定公钥"},
	    {"client_cert", "client_cert", "客户端证书"},
	    {"client_key", "client_key", "客户端私钥"},
	    {"tls_min", "tls_min", "最低 TLS 版本"},
	    {"tls_max", "tls_max", "最高 TLS 版本"},
	    {"username", "username", "用户名"},
	    {"password", "password", "密码"},
	    {"upload_ca_cert", "upload_ca_cert", "上传用 CA 证书"},
	    {"upload_ca_key", "upload_ca_key", "上传用 CA 私钥"},
	    {"listen", "listen", "监听地址"},
	    {"accept_timeout", "accept_timeout", "接受连接超时"},
	    {"device", "device", "设备路径"},
	    {"port", "port", "端口"},
	    {"baud", "baud", "波特率"},
	    {"data_bits", "data_bits", "数据位"},
	    {"stop_bits", "stop_bits", "停止位"},
	    {"parity", "parity", "校验"},
	    {"flow_control", "flow_control", "流控"},
	    {"address", "address", "地址"},
	    {"address_type", "address_type", "地址类型"},
	    {"security", "security", "安全级别"},
	    {"bond", "bond", "绑定"},
	    {"mtu", "mtu", "ATT MTU"},
	    {"capture", "capture", "抓包文件"},
	    {"chromium", "chromium", "Chromium 程序"},
	    {"axe", "axe", "axe-core 文件"},
	    {"home_path", "home_path", "首页路径"},
	    {"elder_path", "elder_path", "长辈版路径"},
	    {"settings_path", "settings_path", "设置页路径"},
	    {"induced_patterns", "induced_patterns", "诱导控件模式"},
	};

	for (size_t i = 0; key && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(key, names[i][0]))
			return (unsigned)lang < LANG_COUNT ? names[i][1 + lang] : names[i][1];
	return NULL;
}
