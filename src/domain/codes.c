/*
 * codes.c — the code lists of case work with their Vietnamese and English
 * labels; see codes.h.
 *
 * Lists that come from the law copy the codes and labels of
 * shared/domain/glossary.csv (RULES.md cites the article of each); the
 * others (services, closure reasons, callers, consents, read reasons…) are
 * the project's own.  Ethnic groups carry the General Statistics Office
 * codes of Decision 121-TCTK/PPCĐ (1979), which the population registers
 * still use, with the spellings of the 2019 census.
 */
#include "domain/codes.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct code_entry case_type[] = {
    {"social_assistance", "Đối tượng bảo trợ xã hội",
     "Social-assistance beneficiary"},
    {"child_protection", "Bảo vệ trẻ em", "Child protection"},
    {"gbv", "Bạo lực trên cơ sở giới / bạo lực gia đình",
     "Gender-based / domestic violence"},
    {"drug_rehab", "Cai nghiện ma túy", "Drug rehabilitation"},
    {"sex_work_support", "Hỗ trợ người bán dâm",
     "Support to people who sell sex"},
    {"trafficking_victim", "Nạn nhân bị mua bán", "Trafficking victim"},
};

static const struct code_entry case_stage[] = {
    {"intake", "Tiếp nhận thông tin, thông báo, tố giác",
     "Intake (receiving a report)"},
    {"assessment",
     "Đánh giá nguy cơ ban đầu và thu thập thông tin, đánh giá nguy cơ cụ "
     "thể",
     "Risk assessment (initial + specific)"},
    {"planning", "Xây dựng, phê duyệt kế hoạch hỗ trợ, can thiệp",
     "Support/intervention planning and approval"},
    {"intervention", "Tổ chức thực hiện kế hoạch hỗ trợ, can thiệp",
     "Carrying out the plan"},
    {"review", "Rà soát, đánh giá việc thực hiện kế hoạch",
     "Review / evaluation"},
    {"closed", "Kết thúc kế hoạch hỗ trợ, can thiệp (đóng hồ sơ)", "Closed"},
};

static const struct code_entry urgency[] = {
    {"emergency", "Khẩn cấp", "Emergency"},
    {"urgent", "Cần xử lý gấp", "Urgent"},
    {"normal", "Bình thường", "Normal"},
};

static const struct code_entry sex[] = {
    {"male", "Nam", "Male"},
    {"female", "Nữ", "Female"},
    {"unknown", "Chưa rõ", "Unknown"},
};

static const struct code_entry risk_level[] = {
    {"high", "Cao", "High"},
    {"medium", "Trung bình", "Medium"},
    {"low", "Thấp", "Low"},
};

static const struct code_entry protection_level[] = {
    {"prevention", "Cấp độ phòng ngừa", "Prevention level"},
    {"support", "Cấp độ hỗ trợ", "Support level"},
    {"intervention_level", "Cấp độ can thiệp", "Intervention level"},
};

static const struct code_entry child_status[] = {
    {"abused", "Trẻ em bị xâm hại", "Child who has been abused"},
    {"at_risk", "Trẻ em có nguy cơ bị bạo lực, bóc lột, bỏ rơi",
     "Child at risk of violence, exploitation, abandonment"},
    {"special_circumstances", "Trẻ em có hoàn cảnh đặc biệt",
     "Child in special circumstances"},
};

static const struct code_entry abuse_type[] = {
    {"violence", "Bạo lực", "Violence"},
    {"exploitation", "Bóc lột", "Exploitation"},
    {"sexual_abuse", "Xâm hại tình dục", "Sexual abuse"},
    {"trafficking", "Mua bán", "Trafficking"},
    {"abandonment", "Bỏ rơi", "Abandonment"},
    {"neglect", "Bỏ mặc", "Neglect"},
    {"other_harm", "Các hình thức gây tổn hại khác", "Other forms of harm"},
};

/* Law on Children Art 10(1) a–o: 14 groups (RULES.md §2.1). */
static const struct code_entry csc_group[] = {
    {"csc01", "Trẻ em mồ côi cả cha và mẹ", "Child orphaned of both parents"},
    {"csc02", "Trẻ em bị bỏ rơi", "Abandoned child"},
    {"csc03", "Trẻ em không nơi nương tựa", "Child without anyone to rely on"},
    {"csc04", "Trẻ em khuyết tật", "Child with disability"},
    {"csc05", "Trẻ em nhiễm HIV/AIDS", "Child living with HIV/AIDS"},
    {"csc06", "Trẻ em vi phạm pháp luật", "Child in conflict with the law"},
    {"csc07", "Trẻ em nghiện ma túy", "Child addicted to drugs"},
    {"csc08",
     "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục trung "
     "học cơ sở",
     "Child who left school to earn a living before completing "
     "lower-secondary education"},
    {"csc09",
     "Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực",
     "Child seriously harmed physically and mentally by violence"},
    {"csc10", "Trẻ em bị bóc lột", "Exploited child"},
    {"csc11", "Trẻ em bị xâm hại tình dục", "Sexually abused child"},
    {"csc12", "Trẻ em bị mua bán", "Trafficked child"},
    {"csc13",
     "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ "
     "nghèo hoặc hộ cận nghèo",
     "Child with a grave or long-term illness in a poor or near-poor "
     "household"},
    {"csc14",
     "Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định được cha mẹ hoặc "
     "không có người chăm sóc",
     "Migrant, displaced or refugee child whose parents are unidentified or "
     "who has no caregiver"},
};

static const struct code_entry alt_care_form[] = {
    {"kinship_care", "Nhận chăm sóc thay thế bởi người thân thích",
     "Kinship care"},
    {"foster_non_kin",
     "Nhận chăm sóc thay thế bởi cá nhân, gia đình không phải là người thân "
     "thích",
     "Foster care by non-relatives"},
    {"adoption", "Nhận con nuôi", "Adoption"},
    {"residential_care", "Chăm sóc thay thế tại cơ sở trợ giúp xã hội",
     "Care in a social assistance facility"},
    {"emergency_care", "Chăm sóc thay thế tạm thời / trong trường hợp khẩn cấp",
     "Temporary / emergency alternative care"},
};

/* Decree 20/2021 Art 5 (RULES.md §4.3); abbreviations spelt out. */
static const struct code_entry sa_category[] = {
    {"sa_child_no_carer_u4",
     "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng, dưới 4 tuổi",
     "Child under 16 without means of support, under 4"},
    {"sa_child_no_carer_4plus",
     "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng, từ đủ 4 tuổi",
     "Child under 16 without means of support, aged 4 and over"},
    {"sa_student_16_22",
     "Người từ đủ 16 đến 22 tuổi đang học, thuộc khoản 1 Điều 5",
     "Person 16-22 still in education who was a khoản-1 beneficiary"},
    {"sa_child_hiv_poor_u4",
     "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo, dưới 4 tuổi",
     "Child with HIV/AIDS in a poor household, under 4"},
    {"sa_child_hiv_poor_4_16",
     "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo, từ đủ 4 đến dưới 16 tuổi",
     "Child with HIV/AIDS in a poor household, 4 to under 16"},
    {"sa_single_parent_poor",
     "Người đơn thân thuộc hộ nghèo, cận nghèo đang nuôi con",
     "Single parent in a poor/near-poor household raising children"},
    {"sa_elderly_poor_60_79",
     "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng (hoặc người "
     "phụng dưỡng đang hưởng trợ cấp xã hội hằng tháng), từ đủ 60 đến dưới "
     "80 tuổi",
     "Poor older person without a supporter, 60 to under 80"},
    {"sa_elderly_poor_80plus",
     "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng, từ đủ 80 "
     "tuổi",
     "Poor older person without a supporter, 80 and over"},
    {"sa_elderly_75_79_ethnic_area",
     "Người cao tuổi từ đủ 75 đến 80 tuổi thuộc hộ nghèo, cận nghèo sống ở "
     "xã, thôn vùng đồng bào dân tộc thiểu số và miền núi đặc biệt khó khăn",
     "Older person 75-80, poor/near-poor, in an extremely disadvantaged "
     "ethnic-minority/mountain commune or village"},
    {"sa_elderly_80plus_no_pension",
     "Người từ đủ 80 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng "
     "tháng, trợ cấp xã hội hằng tháng",
     "Person 80+ with no pension or monthly social-insurance/social "
     "allowance"},
    {"sa_elderly_community_care",
     "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng, đủ điều kiện "
     "vào cơ sở nhưng được nhận chăm sóc tại cộng đồng",
     "Poor older person eligible for a facility but cared for by someone in "
     "the community"},
    {"sa_disabled_extreme", "Người khuyết tật đặc biệt nặng",
     "Person with extremely severe disability"},
    {"sa_disabled_extreme_child_elderly",
     "Trẻ em khuyết tật đặc biệt nặng hoặc người cao tuổi khuyết tật đặc "
     "biệt nặng",
     "Child or older person with extremely severe disability"},
    {"sa_disabled_severe", "Người khuyết tật nặng",
     "Person with severe disability"},
    {"sa_disabled_severe_child_elderly",
     "Trẻ em khuyết tật nặng hoặc người cao tuổi khuyết tật nặng",
     "Child or older person with severe disability"},
    {"sa_child_u3_poor_ethnic_area",
     "Trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo (không thuộc khoản 1, 3, "
     "6) sống ở xã, thôn vùng đồng bào dân tộc thiểu số và miền núi đặc biệt "
     "khó khăn",
     "Child under 3 in a poor/near-poor household in an extremely "
     "disadvantaged ethnic-minority/mountain area"},
    {"sa_adult_hiv_poor",
     "Người nhiễm HIV/AIDS thuộc hộ nghèo không có nguồn thu nhập ổn định "
     "hằng tháng",
     "Person with HIV/AIDS in a poor household without stable monthly "
     "income"},
};

static const struct code_entry care_setting[] = {
    {"community", "Chăm sóc tại cộng đồng", "Cared for in the community"},
    {"facility", "Nuôi dưỡng tại cơ sở trợ giúp xã hội",
     "Cared for in a social assistance facility"},
};

/* Law 66/2011 Art 32(1) and Law 53/2024 Art 37(1) (RULES.md §5.2). */
static const struct code_entry tip_support[] = {
    {"tip_essential_needs", "Hỗ trợ nhu cầu thiết yếu",
     "Essential needs (temporary shelter, food, clothes, personal items)"},
    {"tip_travel", "Hỗ trợ chi phí đi lại",
     "Travel costs (to place of residence)"},
    {"tip_medical", "Hỗ trợ y tế", "Medical support"},
    {"tip_interpretation", "Hỗ trợ phiên dịch", "Interpretation"},
    {"tip_legal_information", "Hỗ trợ pháp luật", "Legal information/advice"},
    {"tip_legal_aid", "Trợ giúp pháp lý", "Legal aid"},
    {"tip_psychological", "Hỗ trợ tâm lý", "Psychological support"},
    {"tip_education", "Hỗ trợ học văn hóa", "Schooling support"},
    {"tip_vocational", "Hỗ trợ học nghề, tư vấn, tạo điều kiện để có việc làm",
     "Vocational training, job counselling and placement"},
    {"tip_initial_hardship", "Trợ cấp khó khăn ban đầu",
     "Initial hardship allowance"},
    {"tip_loan", "Hỗ trợ vay vốn", "Access to loans"},
};

static const struct code_entry tip_person_status[] = {
    {"tip_victim", "Nạn nhân", "Victim (identified)"},
    {"tip_in_identification", "Người đang trong quá trình xác định là nạn nhân",
     "Person being identified as a victim"},
    {"tip_accompanying_minor", "Người dưới 18 tuổi đi cùng",
     "Accompanying person under 18"},
    {"tip_foreign_victim",
     "Nạn nhân là người nước ngoài bị mua bán tại Việt Nam",
     "Foreign victim trafficked in Vietnam"},
};

/* Law 73/2021 Art 28–33, Decree 90/2016, Decree 116/2021 (RULES.md §6). */
static const struct code_entry rehab_form[] = {
    {"rehab_voluntary_community",
     "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng",
     "Voluntary rehabilitation at home/in the community"},
    {"rehab_voluntary_facility",
     "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy",
     "Voluntary rehabilitation in a rehabilitation facility"},
    {"rehab_compulsory_adult",
     "Cai nghiện ma túy bắt buộc (người từ đủ 18 tuổi) tại cơ sở cai nghiện "
     "công lập",
     "Compulsory rehabilitation, adults, in a public facility"},
    {"rehab_compulsory_minor",
     "Cai nghiện ma túy bắt buộc cho người từ đủ 12 đến dưới 18 tuổi",
     "Compulsory rehabilitation, ages 12-17"},
    {"opioid_substitution",
     "Điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay thế "
     "(Methadone)",
     "Opioid substitution treatment (methadone)"},
    {"post_rehab_management", "Quản lý sau cai nghiện ma túy",
     "Post-rehabilitation management"},
    {"drug_user_management", "Quản lý người sử dụng trái phép chất ma túy",
     "Management of illegal drug users (not addicts)"},
};

static const struct code_entry rehab_phase[] = {
    {"rehab_phase_intake", "Tiếp nhận, phân loại",
     "Reception and classification"},
    {"rehab_phase_detox",
     "Điều trị cắt cơn, giải độc, điều trị các rối loạn tâm thần, bệnh lý "
     "khác",
     "Detoxification and treatment of mental and other disorders"},
    {"rehab_phase_counselling", "Giáo dục, tư vấn, phục hồi hành vi, nhân cách",
     "Education, counselling, behaviour rehabilitation"},
    {"rehab_phase_labour_vocational", "Lao động trị liệu, học nghề",
     "Labour therapy, vocational training"},
    {"rehab_phase_reintegration", "Chuẩn bị tái hòa nhập cộng đồng",
     "Preparing for reintegration"},
};

/* Law 13/2022 (RULES.md §7.3). */
static const struct code_entry dv_measure[] = {
    {"dv_stop_violence", "Buộc chấm dứt hành vi bạo lực gia đình",
     "Order to stop the violence"},
    {"dv_summon_to_police",
     "Yêu cầu người có hành vi bạo lực gia đình đến trụ sở Công an xã",
     "Require the perpetrator to come to the commune police"},
    {"dv_no_contact_order", "Cấm tiếp xúc", "No-contact order"},
    {"dv_temporary_shelter", "Bố trí nơi tạm lánh và hỗ trợ nhu cầu thiết yếu",
     "Temporary shelter and essential needs"},
    {"dv_medical_care", "Chăm sóc, điều trị người bị bạo lực gia đình",
     "Medical care and treatment"},
    {"dv_legal_psych", "Trợ giúp pháp lý và tư vấn tâm lý, kỹ năng ứng phó",
     "Legal aid, psychological counselling and coping skills"},
    {"dv_behaviour_change",
     "Giáo dục, hỗ trợ chuyển đổi hành vi bạo lực gia đình",
     "Education / behaviour-change support for the perpetrator"},
    {"dv_community_criticism", "Góp ý, phê bình trong cộng đồng dân cư",
     "Community admonition"},
    {"dv_community_service", "Thực hiện công việc phục vụ cộng đồng",
     "Community service"},
};

static const struct code_entry gbv_role[] = {
    {"victim", "Người bị bạo lực gia đình", "Person subjected to violence"},
    {"perpetrator", "Người có hành vi bạo lực gia đình",
     "Person who used violence"},
};

static const struct code_entry service[] = {
    {"health_care", "Chăm sóc sức khỏe", "Health care"},
    {"psychological_support", "Hỗ trợ tâm lý", "Psychological support"},
    {"legal_aid", "Trợ giúp pháp lý", "Legal aid"},
    {"education", "Hỗ trợ giáo dục, học văn hóa", "Education support"},
    {"vocational_training", "Hỗ trợ học nghề", "Vocational training"},
    {"shelter", "Bố trí nơi ở tạm thời", "Temporary shelter"},
    {"cash_allowance", "Trợ cấp bằng tiền", "Cash allowance"},
    {"family_tracing", "Tìm kiếm, đoàn tụ gia đình",
     "Family tracing and reunification"},
    {"counselling", "Tư vấn", "Counselling"},
    {"emergency_care", "Chăm sóc khẩn cấp", "Emergency care"},
    {"alternative_care", "Chăm sóc thay thế", "Alternative care"},
    {"harm_reduction", "Can thiệp giảm tác hại", "Harm reduction"},
    {"opioid_substitution", "Điều trị thay thế bằng Methadone",
     "Opioid substitution treatment"},
    {"job_linkage", "Giới thiệu, kết nối việc làm", "Job linkage"},
    {"reintegration_support", "Hỗ trợ tái hòa nhập cộng đồng",
     "Reintegration support"},
    {"essential_needs", "Hỗ trợ nhu cầu thiết yếu", "Essential needs"},
    {"other", "Dịch vụ khác", "Other service"},
};

static const struct code_entry closure_reason[] = {
    {"plan_completed", "Hoàn thành kế hoạch hỗ trợ, can thiệp",
     "Plan completed"},
    {"moved_away", "Chuyển đến nơi ở khác", "Moved away"},
    {"aged_out", "Đã hết độ tuổi được hỗ trợ", "Aged out"},
    {"died", "Đã qua đời", "Died"},
    {"transferred", "Đã chuyển hồ sơ cho đơn vị khác",
     "Transferred to another unit"},
    {"duplicate", "Hồ sơ trùng lặp", "Duplicate record"},
    {"declined_services", "Từ chối nhận dịch vụ", "Declined services"},
    {"unfounded_report", "Thông tin tiếp nhận không có cơ sở",
     "Report found unfounded"},
    {"no_longer_eligible", "Không còn đủ điều kiện được hỗ trợ",
     "No longer eligible"},
    {"other", "Lý do khác", "Other reason"},
};

/* The API's `line` of a hotline call (glossary group "hotline"). */
static const struct code_entry hotline_line[] = {
    {"111", "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111",
     "National child protection hotline 111"},
    {"1900969680",
     "Đường dây nóng tư vấn phòng, chống bạo lực giới 1900 969 680",
     "GBV counselling hotline 1900 969 680"},
    {"dv_national",
     "Tổng đài điện thoại quốc gia về phòng, chống bạo lực gia đình",
     "National domestic-violence hotline"},
    {"18001567", "Đường dây tư vấn và hỗ trợ trẻ em 18001567 (trước 2017)",
     "Former child helpline 18001567 (before 2017)"},
    {"other", "Đường dây khác", "Other line"},
};

static const struct code_entry caller_relation[] = {
    {"self", "Chính người cần hỗ trợ", "The person themself"},
    {"parent", "Cha, mẹ", "Parent"},
    {"relative", "Người thân", "Relative"},
    {"neighbour", "Hàng xóm", "Neighbour"},
    {"teacher", "Giáo viên", "Teacher"},
    {"police", "Công an", "Police"},
    {"health_worker", "Nhân viên y tế", "Health worker"},
    {"local_official", "Cán bộ địa phương", "Local official"},
    {"other", "Người khác", "Other"},
    {"anonymous", "Giấu tên", "Anonymous"},
};

static const struct code_entry consent_kind[] = {
    {"services", "Đồng ý nhận dịch vụ", "Consent to services"},
    {"sharing", "Đồng ý chia sẻ thông tin", "Consent to share information"},
    {"statistics", "Đồng ý sử dụng thông tin cho thống kê",
     "Consent to statistical use"},
};

static const struct code_entry consent_by[] = {
    {"person", "Chính người được hỗ trợ", "The person"},
    {"guardian", "Cha, mẹ hoặc người giám hộ", "Parent or guardian"},
};

static const struct code_entry read_reason[] = {
    {"case_work", "Xử lý hồ sơ", "Case work"},
    {"supervision", "Giám sát, chỉ đạo", "Supervision"},
    {"approval", "Xem xét phê duyệt", "Approval"},
    {"police_or_court_request", "Theo yêu cầu của cơ quan công an, tòa án",
     "Police or court request"},
    {"emergency", "Tình huống khẩn cấp", "Emergency"},
    {"quality_review", "Kiểm tra chất lượng", "Quality review"},
};

static const struct code_entry approval_subject[] = {
    {"plan", "Kế hoạch hỗ trợ, can thiệp", "Support plan"},
    {"closure", "Đóng hồ sơ", "Case closure"},
};

/* GSO codes, Decision 121-TCTK/PPCĐ; "55" for foreigners as in the
 * population registers. */
static const struct code_entry ethnicity[] = {
    {"01", "Kinh", "Kinh"},
    {"02", "Tày", "Tay"},
    {"03", "Thái", "Thai"},
    {"04", "Hoa", "Hoa (Chinese)"},
    {"05", "Khmer", "Khmer"},
    {"06", "Mường", "Muong"},
    {"07", "Nùng", "Nung"},
    {"08", "Mông", "Hmong"},
    {"09", "Dao", "Dao"},
    {"10", "Gia Rai", "Gia Rai"},
    {"11", "Ngái", "Ngai"},
    {"12", "Ê Đê", "E De"},
    {"13", "Ba Na", "Ba Na"},
    {"14", "Xơ Đăng", "Xo Dang"},
    {"15", "Sán Chay", "San Chay"},
    {"16", "Cơ Ho", "Co Ho"},
    {"17", "Chăm", "Cham"},
    {"18", "Sán Dìu", "San Diu"},
    {"19", "Hrê", "Hre"},
    {"20", "Mnông", "Mnong"},
    {"21", "Raglay", "Raglay"},
    {"22", "Xtiêng", "Xtieng"},
    {"23", "Bru Vân Kiều", "Bru Van Kieu"},
    {"24", "Thổ", "Tho"},
    {"25", "Giáy", "Giay"},
    {"26", "Cơ Tu", "Co Tu"},
    {"27", "Giẻ Triêng", "Gie Trieng"},
    {"28", "Mạ", "Ma"},
    {"29", "Khơ Mú", "Kho Mu"},
    {"30", "Co", "Co"},
    {"31", "Tà Ôi", "Ta Oi"},
    {"32", "Chơ Ro", "Cho Ro"},
    {"33", "Kháng", "Khang"},
    {"34", "Xinh Mun", "Xinh Mun"},
    {"35", "Hà Nhì", "Ha Nhi"},
    {"36", "Chu Ru", "Chu Ru"},
    {"37", "Lào", "Lao"},
    {"38", "La Chí", "La Chi"},
    {"39", "La Ha", "La Ha"},
    {"40", "Phù Lá", "Phu La"},
    {"41", "La Hủ", "La Hu"},
    {"42", "Lự", "Lu"},
    {"43", "Lô Lô", "Lo Lo"},
    {"44", "Chứt", "Chut"},
    {"45", "Mảng", "Mang"},
    {"46", "Pà Thẻn", "Pa Then"},
    {"47", "Cờ Lao", "Co Lao"},
    {"48", "Cống", "Cong"},
    {"49", "Bố Y", "Bo Y"},
    {"50", "Si La", "Si La"},
    {"51", "Pu Péo", "Pu Peo"},
    {"52", "Brâu", "Brau"},
    {"53", "Ơ Đu", "O Du"},
    {"54", "Rơ Măm", "Ro Mam"},
    {"55", "Người nước ngoài", "Foreign national"},
};

static const struct code_entry event_kind[] = {
    {"note", "Ghi chú", "Note"},
    {"assessment", "Đánh giá", "Assessment"},
    {"plan", "Kế hoạch hỗ trợ, can thiệp", "Plan"},
    {"service", "Dịch vụ đã cung cấp", "Service delivered"},
    {"visit", "Thăm, theo dõi", "Visit"},
};

/* ---- the service network (docs/network.md) ----------------------------- */

/* The 11 glossary types (Decree 103/2017 and the laws it names) are kind
 * "facility"; sp_* are service points and model_* the community models the
 * plans count (network.c facility_kind_of reads the prefix). */
static const struct code_entry facility_type[] = {
    {"fac_elderly", "Cơ sở bảo trợ xã hội chăm sóc người cao tuổi",
     "Social protection facility for older persons"},
    {"fac_children",
     "Cơ sở bảo trợ xã hội chăm sóc trẻ em có hoàn cảnh đặc biệt",
     "Social protection facility for children in special circumstances"},
    {"fac_disability", "Cơ sở bảo trợ xã hội chăm sóc người khuyết tật",
     "Social protection facility for persons with disabilities"},
    {"fac_mental_health",
     "Cơ sở bảo trợ xã hội chăm sóc và phục hồi chức năng cho người tâm "
     "thần, người rối nhiễu tâm trí",
     "Social protection facility for people with mental illness or "
     "psychological disorders"},
    {"fac_general", "Cơ sở bảo trợ xã hội tổng hợp",
     "General social protection facility (several beneficiary groups)"},
    {"fac_social_work_centre", "Trung tâm công tác xã hội",
     "Social work centre (counselling, emergency care, referral)"},
    {"fac_other", "Cơ sở trợ giúp xã hội khác theo quy định của pháp luật",
     "Other social assistance facility"},
    {"fac_drug_rehab", "Cơ sở cai nghiện ma túy (công lập / tự nguyện)",
     "Drug rehabilitation facility (public / voluntary)"},
    {"fac_victim_support", "Cơ sở hỗ trợ nạn nhân (mua bán người)",
     "Trafficking-victim support facility"},
    {"fac_trusted_address", "Địa chỉ tin cậy",
     "Trusted address (community safe contact / shelter)"},
    {"fac_child_protection_service", "Cơ sở cung cấp dịch vụ bảo vệ trẻ em",
     "Child protection service provider"},
    {"sp_cp_office", "Văn phòng công tác xã hội trẻ em cấp huyện",
     "District child social work office"},
    {"sp_drug_counselling",
     "Điểm tư vấn, chăm sóc, hỗ trợ điều trị cai nghiện ma túy tại cộng "
     "đồng",
     "Community drug-treatment counselling point"},
    {"sp_hotline", "Tổng đài, đường dây nóng tư vấn, hỗ trợ",
     "Hotline or counselling line"},
    {"sp_safe_house", "Nhà tạm lánh", "Safe house (temporary shelter)"},
    {"model_safe_school", "Mô hình trường học an toàn", "Safe school model"},
    {"model_women_club", "Mô hình câu lạc bộ phụ nữ", "Women's club model"},
    {"model_women_economic",
     "Mô hình hỗ trợ phụ nữ tạo việc làm, khởi sự và phát triển doanh "
     "nghiệp",
     "Women's economic empowerment model"},
    {"model_cp_community", "Mô hình bảo vệ trẻ em dựa vào cộng đồng",
     "Community-based child protection model"},
    {"model_sex_work_support",
     "Mô hình cung cấp dịch vụ hỗ trợ xã hội cho người bán dâm",
     "Social support services model for people who sell sex"},
    {"model_trafficking_reintegration",
     "Mô hình hỗ trợ hòa nhập cộng đồng cho nạn nhân bị mua bán",
     "Community reintegration model for trafficking victims"},
    {"model_other", "Mô hình khác", "Other model"},
};

static const struct code_entry facility_ownership[] = {
    {"public", "Cơ sở trợ giúp xã hội công lập", "Public facility"},
    {"non_public", "Cơ sở trợ giúp xã hội ngoài công lập",
     "Non-public facility"},
};

static const struct code_entry facility_status[] = {
    {"planned", "Dự kiến thành lập", "Planned"},
    {"active", "Đang hoạt động", "Active"},
    {"suspended", "Tạm ngừng hoạt động", "Suspended"},
    {"closed", "Đã chấm dứt hoạt động", "Closed"},
};

static const struct code_entry admission_kind[] = {
    {"emergency", "Tiếp nhận khẩn cấp", "Emergency admission"},
    {"ordinary", "Tiếp nhận thông thường", "Ordinary admission"},
};

static const struct code_entry discharge_reason[] = {
    {"returned_family", "Trở về gia đình", "Returned to the family"},
    {"alternative_care", "Chuyển sang chăm sóc thay thế",
     "Moved to alternative care"},
    {"transferred", "Chuyển đến cơ sở khác", "Transferred to another facility"},
    {"independent_living", "Sống độc lập", "Independent living"},
    {"deceased", "Đã qua đời", "Deceased"},
    {"other", "Lý do khác", "Other reason"},
};

/* Law on Children Art 62–63: kin carers notify the commune, non-kin
 * families register with it (Form 08). */
static const struct code_entry carer_kind[] = {
    {"kin", "Người thân thích", "Kin carer"},
    {"non_kin", "Cá nhân, gia đình không phải là người thân thích",
     "Non-kin carer (foster family)"},
};

static const struct code_entry placement_end_reason[] = {
    {"returned_home", "Trở về với gia đình", "Returned home"},
    {"form_changed", "Chuyển sang hình thức chăm sóc thay thế khác",
     "Changed to another form of care"},
    {"adopted", "Được nhận làm con nuôi", "Adopted"},
    {"came_of_age", "Đã đủ 18 tuổi", "Came of age (18)"},
    {"carer_unable", "Người nhận chăm sóc thay thế không còn đủ điều kiện",
     "Carer no longer able to care"},
    {"other", "Lý do khác", "Other reason"},
};

static const struct code_entry placement_review_outcome[] = {
    {"continue", "Tiếp tục chăm sóc thay thế", "Continue the placement"},
    {"change_form", "Thay đổi hình thức chăm sóc thay thế",
     "Change the form of care"},
    {"end", "Chấm dứt chăm sóc thay thế", "End the placement"},
};

/* The project of each topic is network.c's training_topic_project. */
static const struct code_entry training_topic[] = {
    {"sw_skills", "Kỹ năng công tác xã hội", "Social work skills"},
    {"facility_management", "Quản lý cơ sở trợ giúp xã hội",
     "Managing a social assistance facility"},
    {"pwd_care_rehab",
     "Kỹ năng chăm sóc, phục hồi chức năng cho người khuyết tật",
     "Care and rehabilitation of persons with disabilities"},
    {"child_protection", "Bảo vệ trẻ em", "Child protection"},
    {"ge_knowledge", "Kiến thức về bình đẳng giới",
     "Gender equality knowledge"},
    {"ge_leadership", "Bình đẳng giới, kỹ năng quản lý, lãnh đạo",
     "Gender equality, management and leadership skills"},
    {"gbv_response", "Phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
     "Preventing and responding to gender-based violence"},
    {"drug_rehab_treatment", "Chuyên môn nghiệp vụ cai nghiện ma túy",
     "Drug addiction treatment and rehabilitation"},
    {"sex_work_support", "Phòng, chống mại dâm, hỗ trợ người bán dâm",
     "Prostitution prevention and support to people who sell sex"},
    {"trafficking_support", "Hỗ trợ nạn nhân bị mua bán",
     "Support to trafficking victims"},
    {"other", "Chủ đề khác", "Other topic"},
};

/* The groups the training indicators count (indicators.csv p1_, p3_,
 * p4_*_trained_*). */
static const struct code_entry participant_role[] = {
    {"sw_official", "Cán bộ, công chức, viên chức công tác xã hội",
     "Social work official"},
    {"sw_collaborator", "Cộng tác viên công tác xã hội",
     "Social work collaborator"},
    {"facility_staff", "Nhân viên cơ sở trợ giúp xã hội",
     "Social assistance facility staff"},
    {"lisa_official",
     "Công chức lao động - thương binh và xã hội cấp huyện, xã",
     "District or commune labour, invalids and social affairs official"},
    {"rehab_staff", "Người làm việc trong cơ sở cai nghiện ma túy",
     "Drug rehabilitation facility staff"},
    {"ge_staff", "Cán bộ làm công tác bình đẳng giới", "Gender equality staff"},
    {"cp_officer", "Cán bộ làm công tác bảo vệ trẻ em",
     "Child protection officer"},
    {"female_deputy", "Nữ đại biểu dân cử", "Female elected deputy"},
    {"female_leader", "Nữ cán bộ lãnh đạo, quản lý",
     "Female leader or manager"},
    {"female_pipeline", "Nữ cán bộ trong diện quy hoạch",
     "Female cadre in the succession pool"},
    {"family_caregiver", "Người chăm sóc trong gia đình có người khuyết tật",
     "Family caregiver of a person with disabilities"},
    {"other", "Khác", "Other"},
};

static const struct code_entry communication_kind[] = {
    {"meeting", "Họp, nói chuyện chuyên đề", "Meeting or talk"},
    {"broadcast", "Phát thanh, truyền hình", "Radio or television"},
    {"leaflet", "Tờ rơi, áp phích, pa nô", "Leaflets, posters, banners"},
    {"club_session", "Sinh hoạt câu lạc bộ", "Club session"},
    {"contest", "Hội thi", "Contest"},
    {"event", "Mít tinh, sự kiện truyền thông", "Rally or campaign event"},
    {"online", "Truyền thông trên mạng", "Online"},
    {"other", "Hình thức khác", "Other"},
};

static const struct code_entry communication_topic[] = {
    {"child_protection", "Bảo vệ trẻ em", "Child protection"},
    {"gender_equality", "Bình đẳng giới", "Gender equality"},
    {"gbv", "Phòng, chống bạo lực trên cơ sở giới",
     "Preventing gender-based violence"},
    {"anti_prostitution", "Phòng, chống mại dâm", "Preventing prostitution"},
    {"drugs", "Phòng, chống ma túy", "Preventing drug use"},
    {"trafficking", "Phòng, chống mua bán người", "Preventing trafficking"},
    {"social_assistance", "Chính sách trợ giúp xã hội",
     "Social assistance policy"},
    {"other", "Chủ đề khác", "Other topic"},
};

static const struct code_entry communication_audience[] = {
    {"general_public", "Người dân", "General public"},
    {"officials", "Cán bộ, công chức", "Officials"},
    {"armed_forces", "Lực lượng vũ trang", "Armed forces"},
    {"students", "Học sinh, sinh viên", "Students"},
    {"children", "Trẻ em", "Children"},
    {"women", "Phụ nữ", "Women"},
    {"other", "Đối tượng khác", "Other"},
};

#define LIST(name)                                                             \
	{                                                                      \
#name, name, N(name)                                           \
	}

const struct code_list code_lists[] = {
    LIST(case_type),
    LIST(case_stage),
    LIST(urgency),
    LIST(sex),
    LIST(risk_level),
    LIST(protection_level),
    LIST(child_status),
    LIST(abuse_type),
    LIST(csc_group),
    LIST(alt_care_form),
    LIST(sa_category),
    LIST(care_setting),
    LIST(tip_support),
    LIST(tip_person_status),
    LIST(rehab_form),
    LIST(rehab_phase),
    LIST(dv_measure),
    LIST(gbv_role),
    LIST(service),
    LIST(closure_reason),
    LIST(hotline_line),
    LIST(caller_relation),
    LIST(consent_kind),
    LIST(consent_by),
    LIST(read_reason),
    LIST(approval_subject),
    LIST(ethnicity),
    LIST(event_kind),
    LIST(facility_type),
    LIST(facility_ownership),
    LIST(facility_status),
    LIST(admission_kind),
    LIST(discharge_reason),
    LIST(carer_kind),
    LIST(placement_end_reason),
    LIST(placement_review_outcome),
    LIST(training_topic),
    LIST(participant_role),
    LIST(communication_kind),
    LIST(communication_topic),
    LIST(communication_audience),
};

const size_t code_lists_count = N(code_lists);

const struct code_list *codes_list(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < code_lists_count; i++)
		if (strcmp(code_lists[i].name, name) == 0)
			return &code_lists[i];
	return NULL;
}

const struct code_entry *codes_find(const char *list, const char *code)
{
	const struct code_list *l = codes_list(list);
	if (l == NULL || code == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

bool codes_has(const char *list, const char *code)
{
	return codes_find(list, code) != NULL;
}
