/*
 * casegen.c — realistic, deterministic people and cases; see casegen.h.
 *
 * How a case is made:
 *   1. type (social assistance most common) and current stage (about half
 *      closed, most open ones in intervention);
 *   2. its history, walked backwards from "now": the current stage began
 *      a little before or (for about a fifth of open cases) longer than its
 *      deadline ago, each earlier stage lasted a share of its own deadline
 *      (sometimes more), review → planning rounds for longer cases; times
 *      fall on working days and office hours (emergency intakes excepted);
 *   3. the facts of the type, picked so they fit each other (age, sex,
 *      category, dates) and then checked with casework_facts_consistent;
 *   4. the person, named by region and ethnic group (Kinh family names with
 *      their national frequencies, the A/Y names of Kon Tum's Xơ Đăng and
 *      Ba Na, Mông, Thái, Dao, Ê Đê, Gia Rai, Khmer … where they live);
 *   5. the events of the history in time order, written after the case.
 * Only lists and weights live here; every rule (facts, deadlines, codes,
 * case numbers) comes from domain/ and the store, as for the API.
 */
#include "cli/casegen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/deadline.h"
#include "lib/arena.h"
#include "lib/fold.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/timeutil.h"

#define N(a)    (sizeof(a) / sizeof((a)[0]))
#define HOUR    3600
#define DAY     86400
#define MINUTES 60

/* ---- random stream: xoshiro256** seeded through splitmix64 ------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next64(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n) by Lemire's multiply-shift (bias below 2^-32). */
static uint32_t below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

static double unit01(struct rng *r)
{
	return (double)(next64(r) >> 11) * 0x1.0p-53;
}

static double uniform(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * unit01(r);
}

static int between(struct rng *r, int lo, int hi) /* inclusive */
{
	return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

static bool chance(struct rng *r, double p)
{
	return unit01(r) < p;
}

/* ---- weighted lists --------------------------------------------------- */

struct w {
	const char *s;
	unsigned w;
};

static const char *pickw(struct rng *r, const struct w *t, size_t n)
{
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	unsigned x = below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < t[i].w)
			return t[i].s;
		x -= t[i].w;
	}
	return t[n - 1].s;
}
#define PICKW(r, t) pickw((r), (t), N(t))

static const char *pick(struct rng *r, const char *const *t, size_t n)
{
	return t[below(r, (uint32_t)n)];
}
#define PICK(r, t) pick((r), (t), N(t))

/* ---- names ------------------------------------------------------------ */

/* Family names of the Kinh majority: about 38 % Nguyễn, then Trần, Lê,
 * Phạm …  Hoàng and Vũ are the northern spellings of Huỳnh and Võ. */
static const struct w family_north[] = {
    {"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95},    {"Phạm", 70}, {"Hoàng", 50},
    {"Vũ", 40},      {"Phan", 30},  {"Đặng", 21},  {"Bùi", 20},  {"Đỗ", 14},
    {"Hồ", 10},      {"Ngô", 13},   {"Dương", 10}, {"Lý", 5},    {"Đinh", 8},
    {"Trịnh", 7},    {"Đoàn", 6},   {"Lưu", 4},    {"Mai", 4},   {"Lương", 4},
    {"Cao", 4},      {"Tạ", 3},     {"Hà", 4},     {"Chu", 3},   {"Tô", 2},
    {"Trương", 5},   {"Lâm", 3},    {"Đào", 5},    {"Kiều", 2},  {"Vương", 2},
    {"Khúc", 1},     {"Quách", 1},
};
static const struct w family_south[] = {
    {"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95},    {"Phạm", 70}, {"Huỳnh", 50},
    {"Võ", 40},      {"Phan", 45},  {"Đặng", 21},  {"Bùi", 15},  {"Đỗ", 12},
    {"Hồ", 15},      {"Ngô", 13},   {"Dương", 10}, {"Lý", 6},    {"Trương", 8},
    {"Lâm", 6},      {"Đinh", 5},   {"Đoàn", 6},   {"Lưu", 4},   {"Mai", 5},
    {"Cao", 4},      {"Tạ", 3},     {"Thái", 3},   {"Châu", 4},  {"Từ", 2},
    {"La", 2},       {"Tô", 2},     {"Đào", 3},
};
/* The first entry (Văn, Thị) is what younger parents choose less. */
static const struct w middle_male[] = {
    {"Văn", 380},  {"Đức", 70},   {"Minh", 80}, {"Hữu", 50},   {"Quốc", 40},
    {"Thanh", 40}, {"Công", 40},  {"Xuân", 25}, {"Đình", 40},  {"Ngọc", 20},
    {"Hoàng", 30}, {"Quang", 40}, {"Tiến", 15}, {"Trung", 15}, {"Gia", 25},
    {"Bảo", 20},   {"Anh", 20},   {"Nhật", 15}, {"Khánh", 10}, {"Thành", 15},
};
static const struct w middle_female[] = {
    {"Thị", 450},   {"Ngọc", 60},  {"Thanh", 40}, {"Thu", 40},  {"Minh", 25},
    {"Phương", 20}, {"Kim", 30},   {"Hồng", 30},  {"Mai", 15},  {"Bảo", 15},
    {"Khánh", 15},  {"Quỳnh", 10}, {"Diệu", 10},  {"Thùy", 25}, {"Hoài", 10},
    {"Bích", 15},   {"Hải", 10},   {"Mỹ", 15},    {"Xuân", 10}, {"Gia", 10},
    {"Cẩm", 10},    {"Như", 10},   {"Ánh", 10},
};
static const struct w given_male[] = {
    {"An", 20},    {"Anh", 30},   {"Bình", 25},  {"Cường", 25},  {"Dũng", 35},
    {"Duy", 20},   {"Đạt", 25},   {"Hải", 30},   {"Hiếu", 25},   {"Hoàng", 15},
    {"Hùng", 35},  {"Huy", 30},   {"Hưng", 25},  {"Khang", 10},  {"Khánh", 15},
    {"Khoa", 15},  {"Kiên", 15},  {"Lâm", 15},   {"Long", 30},   {"Lộc", 15},
    {"Mạnh", 20},  {"Minh", 35},  {"Nam", 35},   {"Nghĩa", 20},  {"Phong", 20},
    {"Phúc", 20},  {"Quân", 20},  {"Quang", 20}, {"Sơn", 30},    {"Tài", 15},
    {"Thắng", 25}, {"Thành", 30}, {"Tiến", 20},  {"Toàn", 15},   {"Trí", 10},
    {"Trung", 25}, {"Tú", 15},    {"Tuấn", 40},  {"Việt", 20},   {"Vinh", 20},
    {"Vũ", 15},    {"Đức", 30},   {"Hậu", 10},   {"Hòa", 15},    {"Lợi", 10},
    {"Thịnh", 15}, {"Tâm", 10},   {"Thông", 10}, {"Tùng", 20},   {"Khải", 10},
    {"Bảo", 15},   {"Phát", 10},  {"Thiện", 10}, {"Nguyên", 10},
};
static const struct w given_female[] = {
    {"An", 15},    {"Anh", 40},   {"Châu", 10}, {"Chi", 20},   {"Dung", 20},
    {"Duyên", 15}, {"Giang", 25}, {"Hà", 35},   {"Hạnh", 20},  {"Hằng", 30},
    {"Hiền", 25},  {"Hoa", 30},   {"Hồng", 20}, {"Huệ", 15},   {"Hương", 40},
    {"Huyền", 35}, {"Lan", 35},   {"Liên", 15}, {"Linh", 45},  {"Loan", 15},
    {"Ly", 15},    {"Mai", 35},   {"My", 20},   {"Nga", 25},   {"Ngân", 20},
    {"Ngọc", 30},  {"Nhung", 20}, {"Nhi", 20},  {"Oanh", 15},  {"Phương", 35},
    {"Quyên", 10}, {"Quỳnh", 20}, {"Tâm", 15},  {"Thảo", 35},  {"Thu", 25},
    {"Thủy", 30},  {"Trang", 40}, {"Trâm", 15}, {"Tuyết", 15}, {"Uyên", 15},
    {"Vân", 20},   {"Vy", 15},    {"Yến", 30},  {"Hậu", 10},   {"Thơm", 10},
    {"Xuân", 15},
};

/* Xơ Đăng, Ba Na, Giẻ Triêng …: "A" before a man's name, "Y" before a
 * woman's (A Thắm, Y Hiền). */
static const char *const ay_male[] = {
    "Hơn",  "Bloh",  "Krơi",   "Thiệu", "Kông", "Ngưu",  "Pơ",   "Tuân",
    "Sang", "Rin",   "Thoong", "Khâm",  "Hyum", "Nhong", "Phun", "Jú",
    "Đứt",  "Hrin",  "Blông",  "Lâm",   "Tăng", "Dun",   "Kiêm", "Nhiên",
    "Brưi", "Khoan", "Mớ",     "Sát",   "Hùng", "Đôn",
};
static const char *const ay_female[] = {
    "Hiền",  "Blang", "Lan",  "Ngọc",  "Mai",    "Nhung", "Krung",
    "Đa",    "Thoa",  "Bích", "Sương", "Tuyết",  "Jêm",   "Klay",
    "Hlang", "Thắm",  "Nga",  "Hoa",   "Phương", "Miên",  "Len",
    "Sinh",  "Tơ",    "Huê",  "Luyến", "Rơi",    "Xiêm",  "Bông",
};
static const char *const jrai_family[] = {
    "Rơ Châm", "Ksor",    "Siu",  "Kpă",  "Rơ Mah",
    "Nay",     "Rah Lan", "Puih", "Rơ Ô", "Kpuih",
};
static const char *const jrai_male[] = {
    "Blơk",  "Hyưk", "Thơi",  "Dơk",   "Mlin",  "Krah",
    "Tlơng", "Mă",   "Khuân", "Nhong", "Hương", "Lộc",
};
static const char *const jrai_female[] = {
    "Blăk", "Nhi", "Mai",  "Hiền", "Phương", "Lơn",
    "Bưih", "Lin", "Dung", "Hoa",  "Nu",     "Trang",
};
static const char *const ede_family[] = {
    "Niê",    "Byă",     "Êban",  "Mlô",   "Ktla",  "Ayŭn",
    "Adrơng", "Buôn Yă", "Kbuôr", "Hwing", "Ênuôl", "Knul",
};
static const char *const ede_male[] = {
    "Bhim", "Khu", "Ngông", "Bih",   "Thông", "Kông",
    "Dhăm", "Jek", "Lok",   "Siêng", "Wăn",   "Hiêng",
};
static const char *const ede_female[] = {
    "Hen",   "Năm", "Lêna", "Ngơn", "Bia",  "Mai",
    "Luyên", "Đơn", "Hoa",  "Ni",   "Yuôn", "Juen",
};
static const char *const koho_clan[] = {
    "Liêng Hót", "Kră Jăn", "Bon Niêng", "Cil", "Đa Cát", "Sơ Ró",
};
static const char *const koho_male[] = {
    "Brơi", "Sỹ",  "Điệp", "Tiêu", "Bình",  "Lộc",
    "Dũng", "Hải", "Lơi",  "Pi",   "Bròng", "Sơn",
};
static const char *const koho_female[] = {
    "Hiền", "Hương", "Nhi",   "Bé",  "Lan", "Kim",
    "Đi",   "Bray",  "Tuyết", "Mai", "Hoa", "Sen",
};
static const struct w thai_family[] = {
    {"Lò", 25},   {"Lường", 15}, {"Tòng", 10}, {"Quàng", 10},
    {"Cầm", 10},  {"Điêu", 6},   {"Vì", 8},    {"Lù", 5},
    {"Hoàng", 4}, {"Hà", 8},     {"Sầm", 3},   {"Mè", 3},
};
static const char *const thai_male[] = {
    "Pọm",   "Xiêng", "Ún",  "Khăm",   "Thoản", "Diêng",
    "Quyết", "Nhất",  "Sơn", "Chiến",  "Dũng",  "Tuấn",
    "Hùng",  "Bun",   "Ơn",  "Phương", "Xuân",  "Khánh",
};
static const char *const thai_female[] = {
    "Xoan", "Sương", "Ánh", "Ín", "Hương", "Lả",     "Mai",  "Ban",  "Thoa",
    "Ngọc", "Hoa",   "Lan", "Ơn", "Kim",   "Phương", "Xuân", "Diện",
};
static const struct w mong_family[] = {
    {"Giàng", 20}, {"Sùng", 15}, {"Vàng", 15}, {"Lý", 10}, {"Thào", 12},
    {"Hờ", 8},     {"Mùa", 8},   {"Lầu", 6},   {"Má", 5},  {"Vừ", 6},
    {"Hạng", 4},   {"Cứ", 3},    {"Chảo", 2},
};
static const struct w mong_middle_male[] = {
    {"A", 50},
    {"Seo", 25},
    {"Văn", 15},
    {"Mí", 10},
};
static const char *const mong_male[] = {
    "Páo",   "Sử",   "Dế",    "Chứ", "Tủa",  "Lử",    "Pó",
    "Chang", "Sính", "Tráng", "Cở",  "Dình", "Chúng", "Nhà",
    "Lồng",  "Pả",   "Khua",  "Vư",  "Phử",  "Chu",
};
static const char *const mong_female[] = {
    "Mỷ",   "Mai", "Dợ", "Sua", "Chở",  "Pà", "Dú",   "Mái", "Lan",
    "Dinh", "Xúa", "Mỵ", "Mua", "Sinh", "Dơ", "Nhía", "Chi",
};
static const struct w dao_family[] = {
    {"Triệu", 25}, {"Bàn", 20}, {"Lý", 15}, {"Đặng", 15},
    {"Phàn", 8},   {"Chảo", 8}, {"Tẩn", 5}, {"Chìu", 4},
};
static const struct w dao_middle_male[] = {
    {"Văn", 40},
    {"Tà", 15},
    {"Láo", 10},
    {"A", 10},
};
static const struct w dao_middle_female[] = {
    {"Thị", 50},
    {"Tả", 10},
    {"Mùi", 10},
};
static const char *const dao_male[] = {
    "Sành", "Phin", "Quẩy", "Kiêm", "Chiêu", "Lai", "Dùn",  "Chản",
    "Kiều", "Phúc", "Sơn",  "Vàng", "Lở",    "Tòn", "Seng",
};
static const char *const dao_female[] = {
    "Mẩy",  "Siểu", "Chiêu", "Dín", "Xuân", "Mai",
    "Quẩy", "Pham", "Slai",  "Lai", "Nái",  "Sì",
};
static const struct w khmer_family[] = {
    {"Thạch", 25}, {"Sơn", 20}, {"Kim", 15},  {"Danh", 15}, {"Lâm", 8},
    {"Châu", 5},   {"Kiên", 5}, {"Huỳnh", 4}, {"Trịnh", 3},
};
static const char *const khmer_male[] = {
    "Sa Rết", "Sô Phal",   "Chanh",      "Sóc",      "Kha",   "Phol",
    "Ny",     "Ra",        "Phát",       "Bô Pha",   "Mu Ni", "Sa Rin",
    "Vi Sal", "Sóc Khanh", "Ngọc Thành", "Chăn Thu",
};
static const char *const khmer_female[] = {
    "Sa Phía", "Sà Rênh", "Sô Phi",  "Sa Vây", "Thi",       "Chanh Đa",
    "Sóc Ny",  "Ra Ny",   "Kim Hoa", "Sa Ly",  "Chanh Thu", "Si Na",
};
/* Tày, Nùng, Sán Chay, Giáy, Sán Dìu …: Kinh-like names, their own family
 * names. */
static const struct w tay_family[] = {
    {"Hoàng", 20}, {"Nông", 15}, {"Lương", 8},   {"Triệu", 8}, {"Lục", 5},
    {"Bế", 6},     {"Ma", 6},    {"Hà", 5},      {"Ngôn", 3},  {"Vi", 4},
    {"Lã", 3},     {"Đàm", 4},   {"Hứa", 4},     {"Lăng", 3},  {"Sầm", 3},
    {"Chu", 3},    {"Lộc", 3},   {"Nguyễn", 10}, {"Lý", 5},
};
static const struct w hoa_family[] = {
    {"Lý", 10},  {"Trương", 10}, {"Lâm", 10},  {"Quách", 5}, {"Mã", 5},
    {"Hứa", 5},  {"Tăng", 5},    {"Hoàng", 5}, {"Lưu", 5},   {"Dương", 5},
    {"Diệp", 4}, {"Châu", 5},    {"Tạ", 4},
};
static const struct w muong_family[] = {
    {"Bùi", 35}, {"Đinh", 25}, {"Quách", 10}, {"Hà", 10},
    {"Xa", 5},   {"Cao", 5},   {"Phạm", 5},   {"Nguyễn", 5},
};
/* Lao-style names for the rare foreign trafficking victim. */
static const char *const lao_given[] = {
    "Bounmy", "Khamla", "Souphaphone", "Noy", "Vilay", "Somphone",
};
static const char *const lao_family[] = {
    "Phommachanh", "Sisavath", "Keomany", "Vongsa", "Inthavong",
};

enum name_style {
	NS_KINH,
	NS_AY, /* Xơ Đăng, Ba Na, Giẻ Triêng, Brâu, Rơ Măm, Hrê, Co */
	NS_JRAI,  /* Gia Rai */
	NS_EDE,   /* Ê Đê, Raglay, Chu Ru-adjacent highlands */
	NS_KOHO,  /* Cơ Ho, Mạ, Chu Ru: K' / Ka */
	NS_MNONG, /* Mnông, Xtiêng, Chơ Ro: Điểu / Thị */
	NS_THAI,  /* Thái, Khơ Mú, Lào, Lự, Kháng, Xinh Mun, La Ha */
	NS_MONG,  /* Mông, Hà Nhì, Pà Thẻn, La Hủ, Lô Lô, Phù Lá */
	NS_DAO,
	NS_KHMER,
	NS_TAY, /* Tày, Nùng, Sán Chay, Giáy, Sán Dìu, Bố Y … */
	NS_HOA,
	NS_MUONG, /* Mường, Thổ */
	NS_FOREIGN,
};

static enum name_style style_of(const char *ethnicity)
{
	static const struct {
		const char *code;
		enum name_style style;
	} styles[] = {
	    {"02", NS_TAY},     {"03", NS_THAI},  {"04", NS_HOA},
	    {"05", NS_KHMER},   {"06", NS_MUONG}, {"07", NS_TAY},
	    {"08", NS_MONG},    {"09", NS_DAO},   {"10", NS_JRAI},
	    {"12", NS_EDE},     {"13", NS_AY},    {"14", NS_AY},
	    {"15", NS_TAY},     {"16", NS_KOHO},  {"18", NS_TAY},
	    {"19", NS_AY},      {"20", NS_MNONG}, {"21", NS_EDE},
	    {"22", NS_MNONG},   {"24", NS_MUONG}, {"25", NS_TAY},
	    {"26", NS_AY},      {"27", NS_AY},    {"28", NS_KOHO},
	    {"29", NS_THAI},    {"30", NS_AY},    {"31", NS_AY},
	    {"32", NS_MNONG},   {"33", NS_THAI},  {"34", NS_THAI},
	    {"35", NS_MONG},    {"36", NS_KOHO},  {"37", NS_THAI},
	    {"39", NS_THAI},    {"40", NS_MONG},  {"41", NS_MONG},
	    {"42", NS_THAI},    {"43", NS_MONG},  {"46", NS_MONG},
	    {"49", NS_TAY},     {"52", NS_AY},    {"54", NS_AY},
	    {"55", NS_FOREIGN},
	};
	for (size_t i = 0; i < N(styles); i++)
		if (strcmp(styles[i].code, ethnicity) == 0)
			return styles[i].style;
	return NS_KINH;
}

/* Ethnic mix of a province, or of a district where it differs much from
 * its province (Kon Tum's districts); weights are rough percentages of
 * the 2019 census.  The first entry whose prefix holds the unit wins. */
struct mix {
	const char *prefix; /* lineage path prefix: "62/617" or "62" */
	struct w codes[8];
};
static const struct mix mixes[] = {
    {"62/617", {{"14", 93}, {"01", 5}, {"27", 2}}},   /* Tu Mơ Rông */
    {"62/613", {{"14", 85}, {"01", 12}, {"13", 3}}},  /* Kon Plông */
    {"62/610", {{"27", 45}, {"14", 40}, {"01", 15}}}, /* Đắk Glei */
    {"62/611", {{"01", 50}, {"27", 35}, {"14", 15}}}, /* Ngọc Hồi */
    {"62/616", {{"01", 55}, {"10", 25}, {"13", 15}, {"54", 5}}}, /* Sa Thầy */
    {"62/618", {{"01", 80}, {"10", 10}, {"07", 5}, {"02", 5}}},
    {"62/608", {{"01", 70}, {"13", 25}, {"14", 3}, {"10", 2}}}, /* city */
    {"62/614", {{"01", 40}, {"13", 35}, {"14", 25}}},           /* Kon Rẫy */
    {"62/615", {{"01", 60}, {"14", 25}, {"13", 15}}},           /* Đắk Hà */
    {"62/612", {{"01", 55}, {"14", 35}, {"27", 8}, {"13", 2}}}, /* Đắk Tô */
    {"62",
     {{"01", 47},
      {"14", 25},
      {"13", 12},
      {"27", 8},
      {"10", 5},
      {"52", 1},
      {"54", 1},
      {"06", 1}}},
    {"12/106", {{"03", 35}, {"08", 25}, {"09", 20}, {"01", 15}, {"25", 5}}},
    {"12",
     {{"08", 34},
      {"03", 33},
      {"09", 14},
      {"01", 13},
      {"35", 3},
      {"25", 2},
      {"42", 1}}},
    {"11",
     {{"03", 38},
      {"08", 35},
      {"01", 18},
      {"29", 3},
      {"09", 2},
      {"37", 2},
      {"35", 2}}},
    {"14",
     {{"03", 54},
      {"01", 17},
      {"08", 16},
      {"06", 8},
      {"29", 2},
      {"09", 2},
      {"33", 1}}},
    {"02",
     {{"08", 32},
      {"02", 23},
      {"09", 15},
      {"01", 12},
      {"07", 10},
      {"25", 2},
      {"43", 1},
      {"46", 1}}},
    {"04", {{"02", 41}, {"07", 31}, {"08", 10}, {"09", 10}, {"01", 5}}},
    {"06", {{"02", 53}, {"09", 17}, {"01", 12}, {"07", 10}, {"08", 7}}},
    {"08", {{"01", 45}, {"02", 25}, {"09", 11}, {"15", 8}, {"08", 3}}},
    {"10",
     {{"01", 35},
      {"08", 25},
      {"02", 15},
      {"09", 15},
      {"25", 4},
      {"07", 4},
      {"40", 1}}},
    {"15",
     {{"01", 45}, {"02", 19}, {"09", 11}, {"08", 11}, {"03", 6}, {"06", 4}}},
    {"17", {{"06", 63}, {"01", 28}, {"03", 4}, {"09", 2}, {"02", 2}}},
    {"19", {{"01", 72}, {"02", 11}, {"07", 5}, {"15", 4}, {"18", 2}}},
    {"20", {{"07", 42}, {"02", 35}, {"01", 17}, {"09", 3}, {"04", 1}}},
    {"22", {{"01", 88}, {"09", 4}, {"02", 3}, {"15", 2}, {"18", 2}}},
    {"24", {{"01", 88}, {"07", 5}, {"02", 3}, {"18", 2}, {"15", 2}}},
    {"25", {{"01", 85}, {"06", 13}, {"09", 1}}},
    {"38", {{"01", 82}, {"06", 9}, {"03", 6}, {"08", 1}}},
    {"40", {{"01", 87}, {"03", 9}, {"29", 1}, {"08", 1}}},
    {"45", {{"01", 89}, {"23", 9}, {"31", 2}}},
    {"46", {{"01", 97}, {"31", 2}, {"26", 1}}},
    {"49", {{"01", 90}, {"26", 4}, {"27", 3}, {"14", 2}}},
    {"51", {{"01", 87}, {"19", 10}, {"30", 2}, {"14", 1}}},
    {"54", {{"01", 94}, {"17", 3}, {"12", 2}, {"13", 1}}},
    {"56", {{"01", 94}, {"21", 5}, {"04", 1}}},
    {"58", {{"01", 76}, {"17", 12}, {"21", 12}}},
    {"60", {{"01", 94}, {"17", 3}, {"21", 2}, {"04", 1}}},
    {"64",
     {{"01", 53}, {"10", 30}, {"13", 14}, {"12", 1}, {"02", 1}, {"07", 1}}},
    {"66",
     {{"01", 65},
      {"12", 18},
      {"20", 3},
      {"02", 4},
      {"07", 4},
      {"08", 2},
      {"10", 1},
      {"09", 1}}},
    {"67",
     {{"01", 68},
      {"20", 10},
      {"08", 6},
      {"02", 6},
      {"07", 6},
      {"09", 2},
      {"12", 1}}},
    {"68",
     {{"01", 76}, {"16", 15}, {"28", 3}, {"36", 2}, {"02", 2}, {"07", 2}}},
    {"70",
     {{"01", 80}, {"22", 10}, {"02", 3}, {"07", 3}, {"20", 2}, {"05", 1}}},
    {"75", {{"01", 92}, {"04", 4}, {"32", 1}, {"02", 1}, {"07", 1}}},
    {"79", {{"01", 93}, {"04", 6}, {"05", 1}}},
    {"84", {{"01", 68}, {"05", 32}}},
    {"89", {{"01", 95}, {"05", 4}, {"17", 1}}},
    {"91", {{"01", 86}, {"05", 12}, {"04", 2}}},
    {"92", {{"01", 97}, {"05", 2}, {"04", 1}}},
    {"93", {{"01", 97}, {"05", 3}}},
    {"94", {{"01", 65}, {"05", 30}, {"04", 5}}},
    {"95", {{"01", 90}, {"05", 8}, {"04", 2}}},
};

static bool path_within(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

static const struct mix *mix_of(const char *path)
{
	for (size_t i = 0; i < N(mixes); i++)
		if (path_within(path, mixes[i].prefix))
			return &mixes[i];
	return NULL;
}

static const char *pick_ethnicity(struct rng *r, const struct mix *m)
{
	if (m == NULL)
		return "01";
	size_t n = 0;
	while (n < N(m->codes) && m->codes[n].s != NULL)
		n++;
	return pickw(r, m->codes, n);
}

/* An ethnic-minority area: the mix gives the Kinh less than 80 %. */
static bool minority_area(const struct mix *m)
{
	if (m == NULL)
		return false;
	unsigned total = 0, kinh = 0;
	for (size_t i = 0; i < N(m->codes) && m->codes[i].s != NULL; i++) {
		total += m->codes[i].w;
		if (strcmp(m->codes[i].s, "01") == 0)
			kinh += m->codes[i].w;
	}
	return kinh * 100 < total * 80;
}

/* Kinh-structured name: family + middle + given. */
static char *kinh_like(struct arena *a, struct rng *r, const char *family,
                       bool male, int birth_year)
{
	const struct w *mid = male ? middle_male : middle_female;
	size_t nmid = male ? N(middle_male) : N(middle_female);
	/* Văn and Thị grow rarer with younger parents. */
	if (birth_year >= 2000 && chance(r, 0.7)) {
		mid++;
		nmid--;
	}
	const char *given =
	    male ? PICKW(r, given_male) : PICKW(r, given_female);
	const char *middle = pickw(r, mid, nmid);
	/* Middle and given name are never the same word ("Minh Minh"). */
	if (strcmp(middle, given) == 0)
		middle = male ? "Văn" : "Thị";
	return arena_printf(a, "%s %s %s", family, middle, given);
}

static char *make_name(struct arena *a, struct rng *r, enum name_style st,
                       bool male, int birth_year, bool south)
{
	switch (st) {
	case NS_AY:
		return arena_printf(a, "%s %s", male ? "A" : "Y",
		                    male ? PICK(r, ay_male)
		                         : PICK(r, ay_female));
	case NS_JRAI:
		if (male)
			return arena_printf(a, "%s %s", PICK(r, jrai_family),
			                    PICK(r, jrai_male));
		return arena_printf(a, "%s H'%s", PICK(r, jrai_family),
		                    PICK(r, jrai_female));
	case NS_EDE:
		if (male)
			return arena_printf(a, "Y %s %s", PICK(r, ede_male),
			                    PICK(r, ede_family));
		return arena_printf(a, "H'%s %s", PICK(r, ede_female),
		                    PICK(r, ede_family));
	case NS_KOHO: {
		const char *clan = chance(r, 0.4) ? PICK(r, koho_clan) : NULL;
		const char *given =
		    male ? PICK(r, koho_male) : PICK(r, koho_female);
		const char *pre = male ? "K'" : "Ka ";
		return clan ? arena_printf(a, "%s %s%s", clan, pre, given)
		            : arena_printf(a, "%s%s", pre, given);
	}
	case NS_MNONG:
		return arena_printf(a, "%s %s", male ? "Điểu" : "Thị",
		                    male ? PICK(r, koho_male)
		                         : PICK(r, koho_female));
	case NS_THAI:
		return arena_printf(
		    a, "%s %s %s", PICKW(r, thai_family), male ? "Văn" : "Thị",
		    male ? PICK(r, thai_male) : PICK(r, thai_female));
	case NS_MONG:
		return arena_printf(a, "%s %s %s", PICKW(r, mong_family),
		                    male ? PICKW(r, mong_middle_male) : "Thị",
		                    male ? PICK(r, mong_male)
		                         : PICK(r, mong_female));
	case NS_DAO:
		return arena_printf(a, "%s %s %s", PICKW(r, dao_family),
		                    male ? PICKW(r, dao_middle_male)
		                         : PICKW(r, dao_middle_female),
		                    male ? PICK(r, dao_male)
		                         : PICK(r, dao_female));
	case NS_KHMER:
		return arena_printf(
		    a, "%s %s%s", PICKW(r, khmer_family), male ? "" : "Thị ",
		    male ? PICK(r, khmer_male) : PICK(r, khmer_female));
	case NS_TAY:
		return kinh_like(a, r, PICKW(r, tay_family), male, birth_year);
	case NS_HOA:
		return kinh_like(a, r, PICKW(r, hoa_family), male, birth_year);
	case NS_MUONG:
		return kinh_like(a, r, PICKW(r, muong_family), male,
		                 birth_year);
	case NS_FOREIGN:
		return arena_printf(a, "%s %s", PICK(r, lao_given),
		                    PICK(r, lao_family));
	case NS_KINH: break;
	}
	return kinh_like(
	    a, r, south ? PICKW(r, family_south) : PICKW(r, family_north), male,
	    birth_year);
}

/* ---- a small JSON writer (values are codes, dates, numbers, texts) ----- */

struct json {
	char *buf;
	size_t len, cap;
	bool comma;
	bool owned; /* buf was malloc'd when the storage ran out */
};

static void j_raw(struct json *j, const char *s, size_t n)
{
	if (j->len + n + 1 > j->cap) {
		/* Our documents are small; growing is for safety only. */
		size_t cap = (j->cap + n + 1) * 2;
		char *b = malloc(cap);
		if (b == NULL)
			abort();
		memcpy(b, j->buf, j->len);
		if (j->owned)
			free(j->buf);
		j->buf = b;
		j->cap = cap;
		j->owned = true;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void j_lit(struct json *j, const char *s)
{
	j_raw(j, s, strlen(s));
}

static void j_quoted(struct json *j, const char *s)
{
	j_raw(j, "\"", 1);
	for (const char *p = s; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"' || ch == '\\') {
			char e[2] = {'\\', (char)ch};
			j_raw(j, e, 2);
		} else if (ch < 0x20) {
			char e[8];
			snprintf(e, sizeof e, "\\u%04x", ch);
			j_lit(j, e);
		} else {
			j_raw(j, p, 1);
		}
	}
	j_raw(j, "\"", 1);
}

static void j_key(struct json *j, const char *key)
{
	if (j->comma)
		j_raw(j, ",", 1);
	if (key != NULL) {
		j_quoted(j, key);
		j_raw(j, ":", 1);
	}
	j->comma = true;
}

static void j_open(struct json *j, const char *key, char bracket)
{
	j_key(j, key);
	j_raw(j, &bracket, 1);
	j->comma = false;
}

static void j_close(struct json *j, char bracket)
{
	j_raw(j, &bracket, 1);
	j->comma = true;
}

static void j_str(struct json *j, const char *key, const char *v)
{
	j_key(j, key);
	j_quoted(j, v);
}

static void j_int(struct json *j, const char *key, long long v)
{
	char b[24];
	snprintf(b, sizeof b, "%lld", v);
	j_key(j, key);
	j_lit(j, b);
}

static void j_null(struct json *j, const char *key)
{
	j_key(j, key);
	j_lit(j, "null");
}

static void j_bool(struct json *j, const char *key, bool v)
{
	j_key(j, key);
	j_lit(j, v ? "true" : "false");
}

/* Starts a document in caller storage. */
static void j_begin(struct json *j, char *storage, size_t cap)
{
	j->buf = storage;
	j->cap = cap;
	j->len = 0;
	j->comma = false;
	j->owned = false;
	storage[0] = '\0';
	j_open(j, NULL, '{');
}

/* Ends the document; its text copied into a. */
static const char *j_end(struct json *j, struct arena *a)
{
	j_close(j, '}');
	const char *s = arena_strdup(a, j->buf);
	if (j->owned)
		free(j->buf);
	return s;
}

/* ---- the generator ---------------------------------------------------- */

struct casegen {
	struct store *st;
	struct rng rng;
	int64_t now;
	const unsigned char *key;
	bool rich;
	struct deadline_rule *rules;
	size_t n_rules;
	int32_t *holiday_days;
	struct holiday_set holidays;
	struct arena *keep; /* rules' strings */
	struct casegen_stats stats;
};

struct casegen *casegen_new(struct store *st, const struct casegen_options *o)
{
	struct casegen *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	g->st = st;
	g->now = o->now;
	g->key = o->seal_key;
	g->rich = o->rich;
	uint64_t x = o->seed;
	for (int i = 0; i < 4; i++)
		g->rng.s[i] = splitmix64(&x);
	g->keep = arena_new();

	struct deadline_rule_row *rows;
	size_t n;
	const char **days;
	size_t nd;
	if (store_deadline_rules(st, g->keep, &rows, &n) != STORE_OK ||
	    store_holidays(st, g->keep, &days, &nd) != STORE_OK) {
		log_error("casegen: cannot read deadline rules or holidays");
		casegen_free(g);
		return NULL;
	}
	g->rules = arena_alloc(g->keep, (n + 1) * sizeof *g->rules);
	for (size_t i = 0; i < n; i++) {
		struct deadline_rule *r = &g->rules[g->n_rules];
		if (deadline_unit_parse(rows[i].unit, &r->unit) != 0)
			continue; /* the API skips such a row too */
		r->code = rows[i].code;
		r->case_type = rows[i].case_type;
		r->stage = rows[i].stage;
		r->urgency = rows[i].urgency;
		r->amount = rows[i].amount;
		r->valid_from = rows[i].valid_from;
		r->valid_to = rows[i].valid_to;
		r->project_default = rows[i].project_default != 0;
		g->n_rules++;
	}
	g->holiday_days = arena_alloc(g->keep, (nd + 1) * sizeof(int32_t));
	size_t k = 0;
	for (size_t i = 0; i < nd; i++)
		if (hcm_day_parse(days[i], &g->holiday_days[k]) == 0)
			k++;
	g->holidays.days = g->holiday_days;
	g->holidays.n = k;
	return g;
}

void casegen_free(struct casegen *g)
{
	if (g == NULL)
		return;
	arena_free(g->keep);
	free(g);
}

uint32_t casegen_below(struct casegen *g, uint32_t n)
{
	return below(&g->rng, n);
}

const struct casegen_stats *casegen_stats(const struct casegen *g)
{
	return &g->stats;
}

/* ---- time ------------------------------------------------------------- */

static void day_text(int64_t t, char buf[11])
{
	hcm_day_format(hcm_day_of(t), buf);
}

static const struct deadline_rule *rule_at(struct casegen *g,
                                           enum case_type type,
                                           enum case_stage stage,
                                           const char *urgency, int64_t t)
{
	char day[11];
	day_text(t, day);
	return deadline_pick(g->rules, g->n_rules, case_type_name(type),
	                     case_stage_name(stage), urgency, day);
}

/* How long the stage's deadline gives when it starts around t (the rule's
 * length in seconds); 7 days when no rule applies. */
static int64_t allowed(struct casegen *g, const struct deadline_rule *r,
                       int64_t t)
{
	if (r == NULL)
		return 7 * DAY;
	int64_t guess = r->unit == DL_HOURS  ? (int64_t)r->amount * HOUR
	                : r->unit == DL_DAYS ? (int64_t)r->amount * DAY
	                                     : (int64_t)r->amount * DAY * 7 / 5;
	int64_t start = t - guess;
	int64_t d = deadline_due(start, r, &g->holidays) - start;
	return d > HOUR ? d : HOUR;
}

/* An instant in office hours (07:30–17:00 local) of the working day at or
 * before t, strictly before bound. */
static int64_t office_time(struct casegen *g, int64_t t, int64_t bound)
{
	int32_t day = hcm_day_of(t);
	for (int i = 0; i < 10 && !hcm_is_working_day(day, &g->holidays); i++)
		day--;
	int64_t s = hcm_midnight(day) + 7 * HOUR + 30 * MINUTES +
	            (int64_t)below(&g->rng, 9 * HOUR + 30 * MINUTES);
	if (s >= bound)
		s = bound - 5 * MINUTES - (int64_t)below(&g->rng, 2 * HOUR);
	return s;
}

/* ---- what a case is --------------------------------------------------- */

static const struct w type_weights[] = {
    {"social_assistance", 40},
    {"child_protection", 25},
    {"gbv", 14},
    {"drug_rehab", 11},
    {"trafficking_victim", 5},
    {"sex_work_support", 5},
};
static const struct w stage_weights[] = {
    {"intake", 6},        {"assessment", 8}, {"planning", 8},
    {"intervention", 28}, {"review", 6},     {"closed", 44},
};

struct step {
	enum case_stage stage;
	int64_t start;
};
#define MAX_STEPS 16

/* Everything decided about one case before anything is written. */
struct plan {
	enum case_type type;
	enum case_stage stage;
	const char *urgency;
	bool restricted;
	bool sealed; /* narratives: sealed (true) or left out (key missing) */
	struct step steps[MAX_STEPS];
	size_t n_steps;
	const char *closure_reason;
	bool early_close;
	/* the person */
	bool male;
	int age; /* at opening */
	const char *ethnicity;
	/* facts chosen first because the person depends on them */
	const char *key_code; /* sa_category, rehab_form, gbv_role,
	                         tip_person_status, child_status */
	const char *risk;     /* at assessment */
	bool sexual_abuse;    /* child protection: restricted by flag */
	const struct casegen_user *worker;
	const struct casegen_user *actor; /* who writes the events */
	/* casegen_case_spec: the caller's key fact (or NULL), early closure
	 * (-1: the generator's choice) and the end of the last open stage
	 * (now, moved with the history) */
	const char *want_key;
	int want_early;
	int64_t present;
};

/* The stage after s in a review round: planning → intervention → review
 * → planning. */
static enum case_stage round_next(enum case_stage s)
{
	return s == STAGE_REVIEW     ? STAGE_PLANNING
	       : s == STAGE_PLANNING ? STAGE_INTERVENTION
	                             : STAGE_REVIEW;
}

static void build_steps(struct casegen *g, struct plan *p)
{
	struct rng *r = &g->rng;
	enum case_stage seq[MAX_STEPS];
	size_t n = 0;
	enum case_stage final = p->stage;
	if (final == STAGE_CLOSED &&
	    (p->want_early >= 0 ? p->want_early == 1 : chance(r, 0.12))) {
		/* Unfounded reports, duplicates, refusals: closed early. */
		p->early_close = true;
		seq[n++] = STAGE_INTAKE;
		if (chance(r, 0.6))
			seq[n++] = STAGE_ASSESSMENT;
		seq[n++] = STAGE_CLOSED;
	} else {
		/* intake … the last open stage, then whole rounds that end
		 * where they began */
		enum case_stage last =
		    final == STAGE_CLOSED ? STAGE_REVIEW : final;
		for (int s = STAGE_INTAKE; s <= (int)last; s++)
			seq[n++] = (enum case_stage)s;
		int rounds = 0;
		if (last >= STAGE_PLANNING) {
			double x = unit01(r);
			rounds = last == STAGE_PLANNING ? (x < 0.15)
			         : x < 0.75             ? 0
			         : x < 0.93             ? 1
			                                : 2;
		}
		for (int k = 0; k < 3 * rounds; k++, n++)
			seq[n] = round_next(seq[n - 1]);
		if (final == STAGE_CLOSED)
			seq[n++] = STAGE_CLOSED;
	}

	/* Times, backwards from now. */
	int64_t now = g->now;
	int64_t t;
	if (final == STAGE_CLOSED) {
		t = office_time(g, now - (int64_t)(uniform(r, 0.3, 470) * DAY),
		                now);
	} else {
		const struct deadline_rule *rule =
		    rule_at(g, p->type, final, p->urgency, now);
		int64_t d = allowed(g, rule, now);
		double late[] = {0.15, 0.25, 0.25, 0.2, 0.3};
		double age;
		if (chance(r, late[final])) {
			age = (double)d * uniform(r, 1.03, 1.6);
			if (chance(r, 0.25)) /* forgotten for a while */
				age += uniform(r, 1, 60) * DAY;
		} else {
			age = (double)d * uniform(r, 0.03, 0.92);
		}
		t = now - (int64_t)age;
		bool emergency_intake = final == STAGE_INTAKE &&
		                        strcmp(p->urgency, "emergency") == 0;
		if (!emergency_intake)
			t = office_time(g, t, now);
	}
	p->n_steps = n;
	p->steps[n - 1].stage = seq[n - 1];
	p->steps[n - 1].start = t;
	for (size_t i = n - 1; i-- > 0;) {
		int64_t end = p->steps[i + 1].start;
		const struct deadline_rule *rule =
		    rule_at(g, p->type, seq[i], p->urgency, end);
		int64_t d = allowed(g, rule, end);
		double f = chance(r, 0.1) ? uniform(r, 1.02, 1.8)
		           : seq[i] == STAGE_INTERVENTION
		               ? uniform(r, 0.6, 0.97)
		               : uniform(r, 0.15, 0.95);
		int64_t start = end - (int64_t)((double)d * f);
		if (start > end - 30 * MINUTES)
			start = end - 30 * MINUTES;
		bool emergency_intake = seq[i] == STAGE_INTAKE &&
		                        strcmp(p->urgency, "emergency") == 0;
		if (!emergency_intake)
			start = office_time(g, start, end);
		p->steps[i].stage = seq[i];
		p->steps[i].start = start;
	}
}

/* ---- the person and the facts ----------------------------------------- */

static const struct w sa_categories[] = {
    {"sa_elderly_80plus_no_pension", 30},
    {"sa_disabled_severe", 22},
    {"sa_disabled_extreme", 8},
    {"sa_disabled_severe_child_elderly", 5},
    {"sa_disabled_extreme_child_elderly", 3},
    {"sa_elderly_poor_60_79", 5},
    {"sa_elderly_poor_80plus", 2},
    {"sa_single_parent_poor", 5},
    {"sa_child_no_carer_u4", 1},
    {"sa_child_no_carer_4plus", 3},
    {"sa_student_16_22", 2},
    {"sa_child_hiv_poor_u4", 1},
    {"sa_child_hiv_poor_4_16", 1},
    {"sa_adult_hiv_poor", 2},
    {"sa_elderly_community_care", 1},
    {"sa_elderly_75_79_ethnic_area", 3},
    {"sa_child_u3_poor_ethnic_area", 2},
};
/* Decree 20/2021 Art 6 coefficients (glossary.csv) and the age each
 * category implies. */
static const struct {
	const char *code;
	double coef;
	int age_lo, age_hi;
} sa_info[] = {
    {"sa_child_no_carer_u4", 2.5, 0, 3},
    {"sa_child_no_carer_4plus", 1.5, 4, 15},
    {"sa_student_16_22", 1.5, 16, 21},
    {"sa_child_hiv_poor_u4", 2.5, 0, 3},
    {"sa_child_hiv_poor_4_16", 2.0, 4, 15},
    {"sa_single_parent_poor", 1.0, 20, 45},
    {"sa_elderly_poor_60_79", 1.5, 60, 79},
    {"sa_elderly_poor_80plus", 2.0, 80, 95},
    {"sa_elderly_75_79_ethnic_area", 1.0, 75, 79},
    {"sa_elderly_80plus_no_pension", 1.0, 80, 98},
    {"sa_elderly_community_care", 3.0, 60, 90},
    {"sa_disabled_extreme", 2.0, 16, 59},
    {"sa_disabled_extreme_child_elderly", 2.5, 2, 90},
    {"sa_disabled_severe", 1.5, 16, 59},
    {"sa_disabled_severe_child_elderly", 2.0, 2, 90},
    {"sa_child_u3_poor_ethnic_area", 1.5, 0, 2},
    {"sa_adult_hiv_poor", 1.5, 25, 55},
};
static const struct w rehab_forms[] = {
    {"rehab_voluntary_community", 30}, {"rehab_voluntary_facility", 10},
    {"rehab_compulsory_adult", 25},    {"rehab_compulsory_minor", 2},
    {"opioid_substitution", 15},       {"post_rehab_management", 12},
    {"drug_user_management", 6},
};
static const struct w tip_statuses[] = {
    {"tip_victim", 70},
    {"tip_in_identification", 15},
    {"tip_accompanying_minor", 10},
    {"tip_foreign_victim", 3},
};
static const struct w child_statuses[] = {
    {"special_circumstances", 50},
    {"at_risk", 30},
    {"abused", 20},
};

static int sa_index(const char *code)
{
	for (size_t i = 0; i < N(sa_info); i++)
		if (strcmp(sa_info[i].code, code) == 0)
			return (int)i;
	return 0;
}

/* Key fact, sex and age at opening, by type. */
static void choose_profile(struct casegen *g, struct plan *p,
                           const struct mix *m)
{
	struct rng *r = &g->rng;
	switch (p->type) {
	case CASE_SOCIAL_ASSISTANCE: {
		const char *c = p->want_key;
		while (c == NULL) {
			c = PICKW(r, sa_categories);
			if (strstr(c, "ethnic_area") != NULL &&
			    !minority_area(m))
				c = NULL;
		}
		p->key_code = c;
		int i = sa_index(c);
		int lo = sa_info[i].age_lo, hi = sa_info[i].age_hi;
		if (hi - lo > 60) /* "child or older person" */
			p->age = chance(r, 0.5) ? between(r, 2, 15)
			                        : between(r, 60, 90);
		else
			p->age = between(r, lo, hi);
		p->male =
		    strcmp(c, "sa_single_parent_poor") == 0 ? chance(r, 0.15)
		    : p->age >= 75 ? chance(r, 0.38) /* women live longer */
		                   : chance(r, 0.5);
		p->risk = chance(r, 0.6)    ? "low"
		          : chance(r, 0.85) ? "medium"
		                            : "high";
		break;
	}
	case CASE_CHILD_PROTECTION:
		p->key_code =
		    p->want_key ? p->want_key : PICKW(r, child_statuses);
		p->age = chance(r, 0.2) ? between(r, 0, 5) : between(r, 6, 15);
		p->male = chance(r, 0.52);
		p->risk = strcmp(p->key_code, "abused") == 0
		              ? (chance(r, 0.5) ? "high" : "medium")
		              : (chance(r, 0.5) ? "medium" : "low");
		break;
	case CASE_GBV:
		p->key_code = p->want_key       ? p->want_key
		              : chance(r, 0.85) ? "victim"
		                                : "perpetrator";
		if (strcmp(p->key_code, "victim") == 0) {
			p->male = chance(r, 0.1);
			p->age = between(r, 18, 62);
		} else {
			p->male = chance(r, 0.95);
			p->age = between(r, 20, 65);
		}
		p->risk = chance(r, 0.35)  ? "high"
		          : chance(r, 0.7) ? "medium"
		                           : "low";
		break;
	case CASE_DRUG_REHAB:
		p->key_code = p->want_key ? p->want_key : PICKW(r, rehab_forms);
		p->male = chance(r, 0.94);
		p->age = strcmp(p->key_code, "rehab_compulsory_minor") == 0
		             ? between(r, 13, 17)
		             : between(r, 18, 52);
		p->risk = chance(r, 0.3) ? "high" : "medium";
		break;
	case CASE_SEX_WORK_SUPPORT:
		p->key_code = NULL;
		p->male = chance(r, 0.03);
		p->age = between(r, 18, 45);
		p->risk = chance(r, 0.5) ? "medium" : "low";
		break;
	case CASE_TRAFFICKING_VICTIM:
		p->key_code =
		    p->want_key ? p->want_key : PICKW(r, tip_statuses);
		if (strcmp(p->key_code, "tip_accompanying_minor") == 0) {
			p->age = between(r, 1, 17);
			p->male = chance(r, 0.45);
		} else {
			p->age = between(r, 15, 38);
			p->male = chance(r, 0.18);
		}
		p->risk = chance(r, 0.5) ? "high" : "medium";
		break;
	default: break;
	}
}

/* Facts collected before they become JSON, for the consistency check. */
struct facts {
	const char *name[12];
	const char *value[12]; /* codes joined by ',' */
	enum fact_kind kind[12];
	size_t n;
};

static void fact(struct facts *f, const char *name, enum fact_kind k,
                 const char *v)
{
	if (v == NULL || f->n == N(f->name))
		return;
	f->name[f->n] = name;
	f->kind[f->n] = k;
	f->value[f->n] = v;
	f->n++;
}

static const char *fact_get(void *ctx, const char *name)
{
	const struct facts *f = ctx;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

/* Up to max distinct codes of a weighted list, ',' joined. */
static const char *some_codes(struct arena *a, struct rng *r, const struct w *t,
                              size_t n, int min, int max)
{
	int want = between(r, min, max);
	const char *got[8];
	int k = 0;
	for (int tries = 0; k < want && k < 8 && tries < 40; tries++) {
		const char *c = pickw(r, t, n);
		bool dup = false;
		for (int i = 0; i < k; i++)
			dup = dup || strcmp(got[i], c) == 0;
		if (!dup)
			got[k++] = c;
	}
	char buf[512];
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < k; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
		                        i ? "," : "", got[i]);
	return arena_strdup(a, buf);
}

static const char *date_of(struct arena *a, int64_t t)
{
	char d[11];
	day_text(t, d);
	return arena_strdup(a, d);
}

static const struct w csc_weights[] = {
    {"csc04", 30}, {"csc08", 15}, {"csc03", 10}, {"csc01", 8}, {"csc13", 8},
    {"csc06", 5},  {"csc05", 4},  {"csc09", 4},  {"csc10", 4}, {"csc11", 4},
    {"csc02", 3},  {"csc07", 2},  {"csc12", 2},  {"csc14", 1},
};
static const struct w abuse_weights[] = {
    {"violence", 40},     {"neglect", 20},    {"sexual_abuse", 15},
    {"exploitation", 10}, {"abandonment", 8}, {"trafficking", 3},
    {"other_harm", 4},
};
static const struct w dv_victim[] = {
    {"dv_temporary_shelter", 20}, {"dv_medical_care", 25},
    {"dv_legal_psych", 30},       {"dv_no_contact_order", 15},
    {"dv_stop_violence", 20},
};
static const struct w dv_perpetrator[] = {
    {"dv_stop_violence", 30},    {"dv_summon_to_police", 20},
    {"dv_behaviour_change", 25}, {"dv_community_criticism", 20},
    {"dv_no_contact_order", 10}, {"dv_community_service", 5},
};
static const struct w tip_items[] = {
    {"tip_essential_needs", 30},
    {"tip_travel", 20},
    {"tip_medical", 25},
    {"tip_psychological", 25},
    {"tip_legal_aid", 10},
    {"tip_legal_information", 10},
    {"tip_interpretation", 5},
    {"tip_education", 5},
    {"tip_vocational", 10},
    {"tip_initial_hardship", 25},
    {"tip_loan", 5},
};
static const struct w returned_from[] = {
    {"Trung Quốc", 60}, {"Campuchia", 20}, {"Lào", 8},
    {"Myanmar", 7},     {"Malaysia", 3},   {"Thái Lan", 2},
};
static const char *const community_models[] = {
    "Mô hình hỗ trợ người bán dâm dựa vào cộng đồng",
    "Nhóm đồng đẳng tại phường",
    "Câu lạc bộ Vòng tay bạn bè",
    "Điểm tư vấn, hỗ trợ tại Trung tâm Công tác xã hội",
};

static bool stage_reached(const struct plan *p, enum case_stage s)
{
	for (size_t i = 0; i < p->n_steps; i++)
		if (p->steps[i].stage == s)
			return true;
	return false;
}

static void choose_facts(struct casegen *g, struct arena *a, struct plan *p,
                         struct facts *f)
{
	struct rng *r = &g->rng;
	int64_t opened = p->steps[0].start;
	/* Facts fill in as the work goes on: at intake only what was
	 * reported. */
	bool assessed = stage_reached(p, STAGE_PLANNING) ||
	                (p->stage == STAGE_CLOSED && !p->early_close);
	bool decided = stage_reached(p, STAGE_INTERVENTION);
	f->n = 0;
	switch (p->type) {
	case CASE_SOCIAL_ASSISTANCE: {
		fact(f, "sa_category", FACT_CODE, p->key_code);
		if (assessed)
			fact(f, "care_setting", FACT_CODE,
			     chance(r, 0.08) ? "facility" : "community");
		if (decided) {
			/* from the 1st of the month after the decision,
			 * which let the case into intervention */
			int64_t from = p->steps[0].start;
			for (size_t i = 0; i < p->n_steps; i++)
				if (p->steps[i].stage == STAGE_INTERVENTION) {
					from = p->steps[i].start;
					break;
				}
			char d[11];
			day_text(from, d);
			int y = atoi(d), mo = atoi(d + 5) + 1;
			if (mo == 13) {
				mo = 1;
				y++;
			}
			const char *day1 =
			    arena_printf(a, "%04d-%02d-01", y, mo);
			long base =
			    strcmp(day1, "2024-07-01") >= 0 ? 500000 : 360000;
			double coef = sa_info[sa_index(p->key_code)].coef;
			fact(f, "monthly_allowance_vnd", FACT_INT,
			     arena_printf(a, "%ld",
			                  (long)(coef * (double)base)));
			fact(f, "allowance_from", FACT_DATE, day1);
		}
		if (assessed && p->age >= 16 && p->age < 60) {
			if (chance(r, 0.2))
				fact(f, "vocational_training", FACT_BOOL,
				     "true");
			if (chance(r, 0.1))
				fact(f, "job_linkage", FACT_BOOL, "true");
		}
		break;
	}
	case CASE_CHILD_PROTECTION: {
		const char *status = p->key_code;
		fact(f, "child_status", FACT_CODE, status);
		const char *groups = NULL;
		if (strcmp(status, "special_circumstances") == 0) {
			/* in conflict with the law, addicted, left school to
			 * work: groups of older children */
			struct w fit[N(csc_weights)];
			size_t n = 0;
			for (size_t i = 0; i < N(csc_weights); i++) {
				const char *grp = csc_weights[i].s;
				bool older = strcmp(grp, "csc06") == 0 ||
				             strcmp(grp, "csc07") == 0 ||
				             strcmp(grp, "csc08") == 0;
				if (!older || p->age >= 12)
					fit[n++] = csc_weights[i];
			}
			groups = some_codes(a, r, fit, n, 1, 2);
		}
		const char *abuse = NULL;
		if (strcmp(status, "abused") == 0) {
			abuse = some_codes(a, r, abuse_weights,
			                   N(abuse_weights), 1, 2);
			if (chance(r, 0.5))
				groups = strstr(abuse, "sexual")     ? "csc11"
				         : strstr(abuse, "exploit")  ? "csc10"
				         : strstr(abuse, "traffick") ? "csc12"
				                                     : "csc09";
		} else if (strcmp(status, "at_risk") == 0 && chance(r, 0.3)) {
			abuse = chance(r, 0.6) ? "neglect" : "violence";
		}
		p->sexual_abuse = (abuse && strstr(abuse, "sexual_abuse")) ||
		                  (groups && strstr(groups, "csc11"));
		fact(f, "csc_groups", FACT_CODES, groups);
		fact(f, "abuse_types", FACT_CODES, abuse);
		if (assessed || chance(r, 0.3))
			fact(f, "protection_level", FACT_CODE,
			     strcmp(status, "at_risk") == 0 ? "prevention"
			     : strcmp(status, "abused") == 0
			         ? (chance(r, 0.8) ? "intervention_level"
			                           : "support")
			         : "support");
		bool no_carer = (groups && (strstr(groups, "csc01") ||
		                            strstr(groups, "csc02") ||
		                            strstr(groups, "csc03"))) ||
		                (abuse && strstr(abuse, "abandonment"));
		if (no_carer && assessed) {
			static const struct w care[] = {
			    {"kinship_care", 60},
			    {"foster_non_kin", 10},
			    {"residential_care", 15},
			    {"emergency_care", 15},
			};
			fact(f, "alt_care_form", FACT_CODE, PICKW(r, care));
		}
		break;
	}
	case CASE_GBV: {
		bool victim = strcmp(p->key_code, "victim") == 0;
		fact(f, "gbv_role", FACT_CODE, p->key_code);
		fact(f, "incident_date", FACT_DATE,
		     date_of(a, opened - (int64_t)below(r, 10) * DAY));
		if (assessed || chance(r, 0.4))
			fact(f, "dv_measures", FACT_CODES,
			     victim ? some_codes(a, r, dv_victim, N(dv_victim),
			                         1, 3)
			            : some_codes(a, r, dv_perpetrator,
			                         N(dv_perpetrator), 1, 3));
		if (victim && chance(r, 0.25))
			fact(f, "safe_house_stay", FACT_BOOL, "true");
		if (!victim && decided)
			fact(f, "perpetrator_counselled", FACT_BOOL,
			     chance(r, 0.6) ? "true" : "false");
		break;
	}
	case CASE_DRUG_REHAB: {
		const char *form = p->key_code;
		fact(f, "rehab_form", FACT_CODE, form);
		bool compulsory = strstr(form, "compulsory") != NULL;
		bool adult = strcmp(form, "rehab_compulsory_adult") == 0;
		if (compulsory) {
			/* the case is opened to carry out the court's
			 * decision */
			int64_t decided_at = opened - between(r, 5, 30) * DAY;
			fact(f, "court_decision_date", FACT_DATE,
			     date_of(a, decided_at));
			if (assessed)
				fact(f, "executed_date", FACT_DATE,
				     date_of(a, decided_at +
				                    between(r, 1, 5) * DAY));
			static const char *const adult_terms[] = {"12", "18",
			                                          "24"};
			static const char *const minor_terms[] = {"6", "9",
			                                          "12"};
			fact(f, "term_months", FACT_INT,
			     adult ? PICK(r, adult_terms)
			           : PICK(r, minor_terms));
		} else if (strstr(form, "voluntary") != NULL && assessed) {
			static const char *const terms[] = {"6", "6", "9",
			                                    "12"};
			fact(f, "term_months", FACT_INT, PICK(r, terms));
		}
		if (strstr(form, "facility") || compulsory) {
			static const char *const phases[] = {
			    "rehab_phase_intake", "rehab_phase_detox",
			    "rehab_phase_counselling",
			    "rehab_phase_labour_vocational",
			    "rehab_phase_reintegration"};
			int ph = p->stage == STAGE_CLOSED ? 4
			         : decided                ? between(r, 1, 4)
			                                  : 0;
			fact(f, "rehab_phase", FACT_CODE, phases[ph]);
		}
		if (decided && chance(r, 0.35))
			fact(f, "vocational_training", FACT_BOOL, "true");
		break;
	}
	case CASE_SEX_WORK_SUPPORT:
		fact(f, "harm_reduction", FACT_BOOL,
		     chance(r, 0.8) ? "true" : "false");
		if (assessed) {
			fact(f, "vocational_training", FACT_BOOL,
			     chance(r, 0.4) ? "true" : "false");
			fact(f, "health_check", FACT_BOOL,
			     chance(r, 0.6) ? "true" : "false");
		}
		if (chance(r, 0.3))
			fact(f, "community_model", FACT_TEXT,
			     PICK(r, community_models));
		break;
	case CASE_TRAFFICKING_VICTIM: {
		const char *status = p->key_code;
		fact(f, "tip_person_status", FACT_CODE, status);
		int64_t received = opened - (int64_t)below(r, 3) * DAY;
		const char *rd = date_of(a, received);
		fact(f, "received_date", FACT_DATE, rd);
		if (stage_reached(p, STAGE_ASSESSMENT) && !p->early_close)
			fact(f, "verified_date", FACT_DATE,
			     date_of(a, received + between(r, 0, 3) * DAY));
		if (assessed) {
			/* only what the law in force gives this person */
			struct w ok[N(tip_items)];
			size_t n = 0;
			for (size_t i = 0; i < N(tip_items); i++)
				if (casework_tip_support_allowed(
				        status, tip_items[i].s, rd))
					ok[n++] = tip_items[i];
			if (n > 0)
				fact(f, "support_items", FACT_CODES,
				     some_codes(a, r, ok, n, 1,
				                n < 4 ? (int)n : 4));
		}
		if (chance(r, 0.3)) {
			fact(f, "safety_requested", FACT_BOOL, "true");
			if (decided)
				fact(f, "safety_provided", FACT_BOOL,
				     chance(r, 0.8) ? "true" : "false");
		}
		if (p->stage == STAGE_CLOSED && !p->early_close)
			fact(f, "reintegrated", FACT_BOOL,
			     chance(r, 0.75) ? "true" : "false");
		if (strcmp(status, "tip_foreign_victim") != 0)
			fact(f, "returned_from", FACT_TEXT,
			     PICKW(r, returned_from));
		break;
	}
	default: break;
	}
}

static const char *facts_json(struct arena *a, const struct facts *f)
{
	char storage[1024];
	struct json j;
	j_begin(&j, storage, sizeof storage);
	for (size_t i = 0; i < f->n; i++) {
		switch (f->kind[i]) {
		case FACT_CODES: {
			j_open(&j, f->name[i], '[');
			const char *p = f->value[i];
			while (*p != '\0') {
				size_t len = strcspn(p, ",");
				char code[64];
				snprintf(code, sizeof code, "%.*s", (int)len,
				         p);
				j_str(&j, NULL, code);
				p += len;
				if (*p == ',')
					p++;
			}
			j_close(&j, ']');
			break;
		}
		case FACT_BOOL:
			j_bool(&j, f->name[i],
			       strcmp(f->value[i], "true") == 0);
			break;
		case FACT_INT: j_int(&j, f->name[i], atoll(f->value[i])); break;
		default: j_str(&j, f->name[i], f->value[i]); break;
		}
	}
	return j_end(&j, a);
}

/* A 12-digit citizen id: province of birth (3), century and sex (1), year
 * of birth (2), then 6 digits. */
static const char *national_id(struct arena *a, struct rng *r,
                               const char *province, bool male, int year)
{
	int cs = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
	return arena_printf(a, "0%s%d%02d%06u", province, cs, year % 100,
	                    below(r, 1000000));
}

static const char *phone(struct arena *a, struct rng *r)
{
	static const char *const pre[] = {"09", "03", "08", "07"};
	unsigned n = below(r, 100000000);
	return arena_printf(a, "%s%02u %03u %03u", PICK(r, pre), n / 1000000,
	                    n / 1000 % 1000, n % 1000);
}

/* ---- narratives ------------------------------------------------------- */

static const char *const summaries[CASE_TYPE__MAX][4] = {
    [CASE_SOCIAL_ASSISTANCE] =
        {"Đề nghị hưởng trợ cấp xã hội hằng tháng; hoàn cảnh khó khăn, "
         "không có người phụng dưỡng.",
         "Hộ nghèo, sống một mình, sức khỏe yếu; đề nghị xét trợ cấp và hỗ "
         "trợ chăm sóc tại cộng đồng.",
         "Người khuyết tật nặng, gia đình khó khăn; cần trợ cấp và phục hồi "
         "chức năng.",
         "Trưởng thôn đề nghị xét hưởng chính sách trợ giúp xã hội."},
    [CASE_CHILD_PROTECTION] =
        {"Bố mẹ đi làm ăn xa, trẻ sống với ông bà cao tuổi, có nguy cơ bị "
         "bỏ mặc.",
         "Nhà trường báo trẻ nghỉ học dài ngày để đi làm thuê.",
         "Hàng xóm báo tin trẻ thường xuyên bị đánh đập.",
         "Trẻ mồ côi, đang ở với người thân, cần hỗ trợ chăm sóc thay thế."},
    [CASE_GBV] = {"Người bị bạo lực gia đình trình báo tại Công an xã; cần "
                  "nơi tạm lánh.",
                  "Hội Liên hiệp Phụ nữ xã báo tin về bạo lực gia đình kéo "
                  "dài.",
                  "Tổ hòa giải thôn báo tin về mâu thuẫn, bạo lực trong gia "
                  "đình.",
                  "Trạm Y tế xã tiếp nhận người bị thương do bạo lực gia "
                  "đình."},
    [CASE_DRUG_REHAB] = {"Người nghiện ma túy đăng ký cai nghiện tự nguyện "
                         "tại gia đình, cộng đồng.",
                         "Công an xã lập hồ sơ đề nghị áp dụng biện pháp cai "
                         "nghiện bắt buộc.",
                         "Gia đình đề nghị hỗ trợ điều trị Methadone.",
                         "Quản lý sau cai nghiện tại nơi cư trú."},
    [CASE_SEX_WORK_SUPPORT] =
        {"Tiếp cận qua nhóm đồng đẳng; cần tư vấn sức khỏe và học nghề.",
         "Tự tìm đến điểm tư vấn, mong muốn chuyển đổi nghề.",
         "Được giới thiệu từ Trung tâm Kiểm soát bệnh tật tỉnh.",
         "Cần hỗ trợ vay vốn và tìm việc làm ổn định."},
    [CASE_TRAFFICKING_VICTIM] =
        {"Được tiếp nhận từ Đồn Biên phòng sau khi được giải cứu.",
         "Gia đình báo tin con bị lừa ra nước ngoài làm việc.",
         "Tự trốn thoát, được công an tiếp nhận và chuyển về địa phương.",
         "Được cơ quan đại diện ở nước ngoài hỗ trợ hồi hương."},
};
static const char *const assessment_texts[] = {
    "Đã gặp trực tiếp người được hỗ trợ và gia đình; điều kiện sống khó "
    "khăn.",
    "Đánh giá tại nhà; người chăm sóc hợp tác, cần theo dõi thêm.",
    "Phối hợp với Công an xã và Trạm Y tế xã xác minh thông tin.",
    "Nguy cơ được đánh giá theo bảng kiểm; đề xuất lập kế hoạch hỗ trợ.",
};
static const char *const plan_summaries[] = {
    "Kế hoạch hỗ trợ 3 tháng, rà soát hằng tháng.",
    "Kế hoạch hỗ trợ, can thiệp theo kết quả đánh giá nguy cơ.",
    "Phối hợp các ban, ngành xã thực hiện hỗ trợ.",
};
static const char *const service_notes[] = {
    "Đã thực hiện đúng kế hoạch.",
    "Người được hỗ trợ tham gia đầy đủ.",
    "Cần tiếp tục theo dõi ở lần thăm sau.",
};
static const char *const visit_notes[] = {
    "Tình hình ổn định, gia đình hợp tác.",
    "Sức khỏe cải thiện; tiếp tục hỗ trợ.",
    "Chưa gặp được người được hỗ trợ, hẹn lần sau.",
};
static const char *const responsibles[] = {
    "Công chức LĐTBXH xã", "Trạm Y tế xã",       "Hội LHPN xã",
    "Công an xã",          "Đoàn Thanh niên xã", "Trưởng thôn",
};

static const struct w type_services[CASE_TYPE__MAX][7] = {
    [CASE_SOCIAL_ASSISTANCE] = {{"cash_allowance", 60},
                                {"health_care", 15},
                                {"vocational_training", 5},
                                {"job_linkage", 5},
                                {"essential_needs", 15}},
    [CASE_CHILD_PROTECTION] = {{"psychological_support", 20},
                               {"education", 20},
                               {"health_care", 15},
                               {"alternative_care", 10},
                               {"family_tracing", 5},
                               {"counselling", 25},
                               {"legal_aid", 5}},
    [CASE_GBV] = {{"shelter", 15},
                  {"psychological_support", 25},
                  {"legal_aid", 20},
                  {"health_care", 15},
                  {"counselling", 25}},
    [CASE_DRUG_REHAB] = {{"counselling", 30},
                         {"vocational_training", 15},
                         {"opioid_substitution", 20},
                         {"health_care", 15},
                         {"job_linkage", 10},
                         {"reintegration_support", 10}},
    [CASE_SEX_WORK_SUPPORT] = {{"harm_reduction", 30},
                               {"health_care", 25},
                               {"vocational_training", 20},
                               {"counselling", 15},
                               {"job_linkage", 10}},
    [CASE_TRAFFICKING_VICTIM] = {{"essential_needs", 25},
                                 {"health_care", 15},
                                 {"psychological_support", 20},
                                 {"legal_aid", 10},
                                 {"reintegration_support", 15},
                                 {"vocational_training", 10},
                                 {"family_tracing", 5}},
};

static const char *pick_service(struct rng *r, enum case_type t)
{
	size_t n = 0;
	while (n < 7 && type_services[t][n].s != NULL)
		n++;
	return pickw(r, type_services[t], n);
}

static const char *provider_of(struct arena *a, const char *service,
                               const struct casegen_unit *u)
{
	const char *commune = u->name ? u->name : "";
	const char *province = u->province_name ? u->province_name : "";
	if (strcmp(service, "health_care") == 0 ||
	    strcmp(service, "opioid_substitution") == 0)
		return arena_printf(a, "Trạm Y tế %s", commune);
	if (strcmp(service, "legal_aid") == 0)
		return arena_printf(a, "Trung tâm Trợ giúp pháp lý nhà nước %s",
		                    province);
	if (strcmp(service, "vocational_training") == 0 ||
	    strcmp(service, "job_linkage") == 0)
		return "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên";
	if (strcmp(service, "education") == 0)
		return arena_printf(a, "Trường Trung học cơ sở %s", commune);
	if (strcmp(service, "cash_allowance") == 0 ||
	    strcmp(service, "essential_needs") == 0)
		return arena_printf(a, "UBND %s", commune);
	if (strcmp(service, "shelter") == 0)
		return "Địa chỉ tin cậy tại cộng đồng";
	return arena_printf(a, "Trung tâm Công tác xã hội %s", province);
}

/* ---- events ----------------------------------------------------------- */

enum ev_kind {
	EV_CREATED,
	EV_TRANSITION,
	EV_CONSENT,
	EV_ASSESSMENT,
	EV_PLAN,
	EV_SERVICE,
	EV_VISIT,
	EV_APPROVAL_REQUEST, /* writes the approval row */
	EV_APPROVAL_DECISION,
};

struct ev {
	enum ev_kind kind;
	int64_t at;
	int from, to;        /* transitions */
	const char *subject; /* approvals */
	bool decided;        /* the request's approval was decided */
	int64_t decided_at;
	const char *what;   /* consent kind, service code */
	int64_t next_visit; /* visits */
};
#define MAX_EVENTS 64

struct history {
	struct ev ev[MAX_EVENTS];
	size_t n;
	int64_t plan_approved_at, closure_approved_at, next_visit_at;
	bool consented; /* consent[] holds services, statistics, sharing */
	bool consent[3];
	bool risk_set;
};

static struct ev *add_ev(struct history *h, enum ev_kind k, int64_t at)
{
	if (h->n == MAX_EVENTS)
		return NULL;
	struct ev *e = &h->ev[h->n++];
	memset(e, 0, sizeof *e);
	e->kind = k;
	e->at = at;
	return e;
}

/* An instant in [lo + 1 min, hi - 1 min], in office hours when it can be. */
static int64_t inside(struct casegen *g, int64_t lo, int64_t hi, double f)
{
	int64_t span = hi - lo;
	if (span <= 2 * MINUTES)
		return lo + span / 2;
	int64_t t = lo + MINUTES + (int64_t)((double)(span - 2 * MINUTES) * f);
	if (span > 2 * DAY) {
		int64_t s = office_time(g, t, hi - MINUTES);
		if (s > lo + MINUTES)
			t = s;
	}
	return t;
}

static void plan_history(struct casegen *g, struct plan *p, struct history *h,
                         const struct casegen_unit *u)
{
	struct rng *r = &g->rng;
	memset(h, 0, sizeof *h);
	/* approval rows need an approver who is not the one asking */
	bool approvals =
	    g->rich && u->approver != NULL && u->approver->id != p->actor->id;
	for (size_t i = 0; i < p->n_steps; i++) {
		const struct step *s = &p->steps[i];
		bool last = i + 1 == p->n_steps;
		int64_t end = last ? p->present : p->steps[i + 1].start;
		if (i == 0) {
			add_ev(h, EV_CREATED, s->start);
		} else {
			struct ev *e = add_ev(h, EV_TRANSITION, s->start);
			if (e) {
				e->from = p->steps[i - 1].stage;
				e->to = s->stage;
			}
		}
		if (last && s->stage == STAGE_CLOSED)
			break;
		/* the span of the stage, and what happens in it */
		bool done = !last;
		switch (s->stage) {
		case STAGE_ASSESSMENT:
			if (!h->consented && g->rich) {
				/* services, statistics, sharing: the order of
				 * the consent columns */
				static const char *const kinds[] = {
				    "services", "statistics", "sharing"};
				static const double yes[] = {0.97, 0.85, 0.65};
				h->consented = true;
				/* asked together, at the first meeting */
				int64_t at = inside(g, s->start, end, 0.05);
				for (size_t k = 0; k < N(kinds); k++) {
					struct ev *e = add_ev(
					    h, EV_CONSENT,
					    at + (int64_t)k * 2 * MINUTES);
					if (e == NULL)
						continue;
					e->what = kinds[k];
					e->decided = chance(r, yes[k]);
					h->consent[k] = e->decided;
				}
			}
			if (done || chance(r, 0.5)) {
				add_ev(h, EV_ASSESSMENT,
				       inside(g, s->start, end,
				              uniform(r, 0.4, 0.9)));
				h->risk_set = true;
			}
			break;
		case STAGE_PLANNING: {
			if (!done && !chance(r, 0.6))
				break;
			int64_t at =
			    inside(g, s->start, end, uniform(r, 0.1, 0.5));
			add_ev(h, EV_PLAN, at);
			bool to_intervention =
			    done && p->steps[i + 1].stage == STAGE_INTERVENTION;
			if (approvals && (to_intervention || chance(r, 0.5))) {
				int64_t req = inside(g, at, end, 0.3);
				struct ev *e =
				    add_ev(h, EV_APPROVAL_REQUEST, req);
				if (e) {
					e->subject = "plan";
					e->decided = to_intervention;
				}
				if (e && to_intervention) {
					int64_t dec = inside(g, req, end, 0.8);
					e->decided_at = dec;
					struct ev *d = add_ev(
					    h, EV_APPROVAL_DECISION, dec);
					if (d)
						d->subject = "plan";
					h->plan_approved_at = dec;
				}
			} else if (to_intervention) {
				h->plan_approved_at =
				    inside(g, at, end, 0.8); /* no row */
			}
			break;
		}
		case STAGE_INTERVENTION: {
			int k = between(r, 1, 2);
			double f0 = uniform(r, 0.1, 0.4);
			for (int n = 0; n < k; n++) {
				if (!done && f0 > 0.9)
					break;
				struct ev *e =
				    add_ev(h, EV_SERVICE,
				           inside(g, s->start, end, f0));
				if (e)
					e->what = pick_service(r, p->type);
				f0 += uniform(r, 0.2, 0.45);
				if (f0 > 0.97)
					break;
			}
			if (g->rich) {
				int64_t at = inside(g, s->start, end,
				                    uniform(r, 0.5, 0.95));
				struct ev *e = add_ev(h, EV_VISIT, at);
				if (e) {
					int32_t nd =
					    hcm_day_of(at) + between(r, 7, 30);
					e->next_visit = hcm_midnight(nd);
					if (last)
						h->next_visit_at =
						    e->next_visit;
				}
			}
			break;
		}
		default: break;
		}
		/* closing needs an approved closure just before */
		if (!last && p->steps[i + 1].stage == STAGE_CLOSED) {
			int64_t dec = inside(g, s->start, end, 0.9);
			if (approvals) {
				struct ev *e =
				    add_ev(h, EV_APPROVAL_REQUEST,
				           inside(g, s->start, dec, 0.7));
				if (e) {
					e->subject = "closure";
					e->decided = true;
					e->decided_at = dec;
				}
				struct ev *d =
				    add_ev(h, EV_APPROVAL_DECISION, dec);
				if (d)
					d->subject = "closure";
			}
			h->closure_approved_at = dec;
		}
	}
	/* Events made inside a stage may interleave with nothing else, but
	 * keep them in time order whatever the rounding did. */
	for (size_t i = 1; i < h->n; i++)
		for (size_t k = i; k > 0 && h->ev[k].at < h->ev[k - 1].at;
		     k--) {
			struct ev t = h->ev[k];
			h->ev[k] = h->ev[k - 1];
			h->ev[k - 1] = t;
		}
}

/* A narrative field: sealed in restricted cases, left out without a key. */
static void narrative(struct casegen *g, struct arena *a, const struct plan *p,
                      struct json *j, const char *key, const char *text)
{
	if (!p->restricted) {
		j_str(j, key, text);
	} else if (g->key != NULL) {
		j_str(j, key, secret_seal(a, g->key, text));
	}
}

static const char *event_data(struct casegen *g, struct arena *a,
                              const struct plan *p, const struct ev *e,
                              const struct casegen_unit *u, int64_t approval_id)
{
	struct rng *r = &g->rng;
	char storage[2048];
	struct json j;
	char day[11];
	j_begin(&j, storage, sizeof storage);
	switch (e->kind) {
	/* The shapes the API writes (case_common.c, cases.c,
	 * case_events.c, approvals.c). */
	case EV_CREATED:
		j_str(&j, "type", case_type_name(p->type));
		j_str(&j, "unit_code", u->code);
		j_str(&j, "unit_tree", u->tree);
		j_str(&j, "urgency", p->urgency);
		j_null(&j, "hotline_call_id");
		break;
	case EV_TRANSITION: {
		enum case_stage to = (enum case_stage)e->to;
		j_str(&j, "from", case_stage_name((enum case_stage)e->from));
		j_str(&j, "to", case_stage_name(to));
		const struct deadline_rule *rule =
		    to == STAGE_CLOSED
		        ? NULL
		        : rule_at(g, p->type, to, p->urgency, e->at);
		if (rule != NULL) {
			char iso[21];
			time_iso8601(deadline_due(e->at, rule, &g->holidays),
			             iso);
			j_str(&j, "due_at", iso);
		} else {
			j_null(&j, "due_at");
		}
		if (to == STAGE_CLOSED)
			j_str(&j, "closure_reason", p->closure_reason);
		break;
	}
	case EV_CONSENT: {
		bool child = p->age < 16;
		day_text(e->at, day);
		j_str(&j, "kind", e->what);
		j_bool(&j, "given", e->decided);
		j_str(&j, "given_by", child ? "guardian" : "person");
		j_null(&j, "guardian_name");
		j_str(&j, "date", day);
		if (strcmp(e->what, "sharing") == 0 && e->decided) {
			j_open(&j, "organisations", '[');
			j_close(&j, ']');
		} else {
			j_null(&j, "organisations");
		}
		break;
	}
	case EV_ASSESSMENT:
		j_str(&j, "risk_level", p->risk);
		if (p->type == CASE_CHILD_PROTECTION)
			j_str(&j, "protection_level",
			      strcmp(p->risk, "high") == 0
			          ? "intervention_level"
			      : strcmp(p->risk, "medium") == 0 ? "support"
			                                       : "prevention");
		narrative(g, a, p, &j, "text", PICK(r, assessment_texts));
		break;
	case EV_PLAN: {
		narrative(g, a, p, &j, "summary", PICK(r, plan_summaries));
		j_open(&j, "items", '[');
		int k = between(r, 1, 3);
		for (int i = 0; i < k; i++) {
			j_open(&j, NULL, '{');
			const char *svc = pick_service(r, p->type);
			j_str(&j, "service", svc);
			const struct code_entry *ce =
			    codes_find("service", svc);
			if (ce != NULL)
				narrative(g, a, p, &j, "description", ce->vi);
			day_text(e->at + (int64_t)between(r, 7, 60) * DAY, day);
			j_str(&j, "due_date", day);
			j_str(&j, "responsible", PICK(r, responsibles));
			j_close(&j, '}');
		}
		j_close(&j, ']');
		break;
	}
	case EV_SERVICE:
		j_str(&j, "service", e->what);
		day_text(e->at, day);
		j_str(&j, "date", day);
		j_str(&j, "provider", provider_of(a, e->what, u));
		if (chance(r, 0.5))
			narrative(g, a, p, &j, "note", PICK(r, service_notes));
		break;
	case EV_VISIT:
		day_text(e->at, day);
		j_str(&j, "date", day);
		narrative(g, a, p, &j, "note", PICK(r, visit_notes));
		day_text(e->next_visit, day);
		j_str(&j, "next_visit_due", day);
		break;
	case EV_APPROVAL_REQUEST:
		j_int(&j, "approval_id", approval_id);
		j_str(&j, "subject", e->subject);
		j_str(&j, "status", "requested");
		if (strcmp(e->subject, "closure") == 0)
			j_str(&j, "closure_reason", p->closure_reason);
		else
			j_null(&j, "closure_reason");
		j_null(&j, "note");
		break;
	case EV_APPROVAL_DECISION:
		j_int(&j, "approval_id", approval_id);
		j_str(&j, "subject", e->subject);
		j_str(&j, "status", "approved");
		if (strcmp(e->subject, "closure") == 0)
			j_str(&j, "closure_reason", p->closure_reason);
		else
			j_null(&j, "closure_reason");
		j_null(&j, "comment");
		break;
	}
	return j_end(&j, a);
}

static const char *event_kind_text(enum ev_kind k)
{
	switch (k) {
	case EV_CREATED: return "created";
	case EV_TRANSITION: return "transition";
	case EV_CONSENT: return "consent";
	case EV_ASSESSMENT: return "assessment";
	case EV_PLAN: return "plan";
	case EV_SERVICE: return "service";
	case EV_VISIT: return "visit";
	case EV_APPROVAL_REQUEST:
	case EV_APPROVAL_DECISION: return "approval";
	}
	return "note";
}

static const char *closure_reason_of(struct rng *r, const struct plan *p)
{
	if (p->early_close) {
		static const struct w early[] = {
		    {"unfounded_report", 40},   {"duplicate", 15},
		    {"declined_services", 25},  {"moved_away", 10},
		    {"no_longer_eligible", 10},
		};
		return PICKW(r, early);
	}
	static const struct w normal[] = {
	    {"plan_completed", 70},    {"moved_away", 8},
	    {"no_longer_eligible", 7}, {"declined_services", 3},
	    {"transferred", 3},        {"other", 2},
	};
	if (p->type == CASE_CHILD_PROTECTION && chance(r, 0.08))
		return "aged_out";
	if (p->type == CASE_SOCIAL_ASSISTANCE && p->age >= 75 &&
	    chance(r, 0.15))
		return "died";
	return PICKW(r, normal);
}

/* The caller's facts ("name=value", "name=" removes) over the chosen ones;
 * false for a name the type does not have. */
static bool override_facts(struct arena *a, enum case_type t, struct facts *f,
                           const char *const *set, size_t n)
{
	size_t ns;
	const struct fact_spec *specs = casework_facts(t, &ns);
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(set[i], "=");
		const char *value = set[i][len] == '=' ? set[i] + len + 1 : "";
		const struct fact_spec *spec = NULL;
		for (size_t k = 0; k < ns && spec == NULL; k++)
			if (strlen(specs[k].name) == len &&
			    strncmp(specs[k].name, set[i], len) == 0)
				spec = &specs[k];
		if (spec == NULL)
			return false;
		size_t at = 0;
		while (at < f->n && strcmp(f->name[at], spec->name) != 0)
			at++;
		if (at < f->n) { /* drop the chosen one */
			for (size_t k = at + 1; k < f->n; k++) {
				f->name[k - 1] = f->name[k];
				f->value[k - 1] = f->value[k];
				f->kind[k - 1] = f->kind[k];
			}
			f->n--;
		}
		if (*value != '\0')
			fact(f, spec->name, spec->kind, arena_strdup(a, value));
	}
	return true;
}

/* ---- one case --------------------------------------------------------- */

enum store_status casegen_case(struct casegen *g, struct arena *a,
                               const struct casegen_unit *u, int type,
                               int stage, struct case_row *out)
{
	struct casegen_spec s = {.type = type, .stage = stage, .early = -1};
	return casegen_case_spec(g, a, u, &s, out);
}

enum store_status casegen_case_spec(struct casegen *g, struct arena *a,
                                    const struct casegen_unit *u,
                                    const struct casegen_spec *spec,
                                    struct case_row *out)
{
	struct rng *r = &g->rng;
	struct plan p;
	memset(&p, 0, sizeof p);
	if (spec->type >= 0)
		p.type = (enum case_type)spec->type;
	else if (case_type_parse(PICKW(r, type_weights), &p.type) != 0)
		return STORE_ERROR;
	if (spec->stage >= 0)
		p.stage = (enum case_stage)spec->stage;
	else if (case_stage_parse(PICKW(r, stage_weights), &p.stage) != 0)
		return STORE_ERROR;
	p.want_key = spec->key;
	p.want_early = spec->early;
	double emergency = 0.01, urgent = 0.1;
	switch (p.type) {
	case CASE_CHILD_PROTECTION: emergency = 0.1, urgent = 0.25; break;
	case CASE_GBV: emergency = 0.12, urgent = 0.3; break;
	case CASE_TRAFFICKING_VICTIM: emergency = 0.08, urgent = 0.4; break;
	default: break;
	}
	double x = unit01(r);
	p.urgency = x < emergency            ? "emergency"
	            : x < emergency + urgent ? "urgent"
	                                     : "normal";

	char province[4];
	snprintf(province, sizeof province, "%.*s", (int)strcspn(u->path, "/"),
	         u->path);
	const struct mix *m = mix_of(u->path);
	build_steps(g, &p);
	/* a past story: moved by whole weeks (weekdays and office hours
	 * stay) so that it opens in the week of opened_near */
	int64_t shift = 0;
	if (spec->opened_near != 0) {
		int64_t d = spec->opened_near - p.steps[0].start, w = 7 * DAY;
		shift = (d >= 0 ? d + w / 2 : d - w / 2) / w * w;
		for (size_t i = 0; i < p.n_steps; i++)
			p.steps[i].start += shift;
	}
	p.present = g->now + shift;
	choose_profile(g, &p, m);
	struct facts f;
	choose_facts(g, a, &p, &f);
	if (!override_facts(a, p.type, &f, spec->facts, spec->n_facts)) {
		log_error("casegen: a fact the %s type does not have",
		          case_type_name(p.type));
		return STORE_ERROR;
	}
	const char *field, *message;
	if (!casework_facts_consistent(p.type, fact_get, &f, &field,
	                               &message)) {
		log_error(
		    "casegen: generated %s facts are inconsistent: %s: %s",
		    case_type_name(p.type), field, message);
		return STORE_ERROR;
	}
	p.restricted = case_type_restricted(p.type) || p.sexual_abuse;
	if (p.stage == STAGE_CLOSED)
		p.closure_reason = closure_reason_of(r, &p);
	if (u->n_workers > 0 && (int)below(r, 100) < u->assign_percent)
		p.worker = &u->workers[below(r, (uint32_t)u->n_workers)];
	p.actor = p.worker ? p.worker : &u->creator;

	/* the person */
	int64_t opened = p.steps[0].start;
	int32_t opened_day = hcm_day_of(opened);
	int32_t born = opened_day - p.age * 365 - (int32_t)(p.age / 4) -
	               (int32_t)below(r, 365);
	char bd[11];
	hcm_day_format(born, bd);
	int birth_year = atoi(bd);
	p.ethnicity = p.type == CASE_TRAFFICKING_VICTIM &&
	                      strcmp(p.key_code, "tip_foreign_victim") == 0
	                  ? "55"
	                  : pick_ethnicity(r, m);
	bool south = atoi(province) >= 45;
	struct person_row person = {0};
	person.full_name =
	    make_name(a, r, style_of(p.ethnicity), p.male, birth_year, south);
	person.full_name_folded = text_fold(a, person.full_name);
	person.sex = p.male ? "male" : "female";
	/* older people in the highlands often know only the year */
	bool year_only =
	    p.age >= 60 && strcmp(p.ethnicity, "01") != 0 && chance(r, 0.4);
	person.birth_date = year_only ? NULL : arena_strdup(a, bd);
	person.birth_year = birth_year;
	person.ethnicity = p.ethnicity;
	if (p.age >= 14 && strcmp(p.ethnicity, "55") != 0 && chance(r, 0.75))
		person.national_id =
		    national_id(a, r, province, p.male, birth_year);
	person.address_tree = u->tree;
	person.address_code = u->code;
	if (p.age >= 16 && chance(r, 0.6))
		person.contacts = phone(a, r);
	else if (p.age < 16 && chance(r, 0.5))
		person.contacts = arena_printf(
		    a, "%s: %s", chance(r, 0.6) ? "Mẹ" : "Bố", phone(a, r));
	person.province = arena_strdup(a, province);
	person.created_at = person.updated_at = opened;
	enum store_status s = store_person_insert(g->st, &person);
	if (s != STORE_OK)
		return s;

	struct history h;
	plan_history(g, &p, &h, u);

	struct case_row c = {0};
	c.type = case_type_name(p.type);
	c.person_id = person.id;
	c.person_name_folded = person.full_name_folded;
	c.national_id = person.national_id;
	c.unit_tree = u->tree;
	c.unit_code = u->code;
	c.unit_path = u->path;
	c.province = person.province;
	c.assigned_to = p.worker ? p.worker->id : 0;
	c.stage = case_stage_name(p.stage);
	c.stage_since = p.steps[p.n_steps - 1].start;
	if (p.stage != STAGE_CLOSED) {
		const struct deadline_rule *rule =
		    rule_at(g, p.type, p.stage, p.urgency, c.stage_since);
		if (rule != NULL) {
			c.due_at =
			    deadline_due(c.stage_since, rule, &g->holidays);
			c.due_rule = rule->code;
		}
	} else {
		c.closed_at = c.stage_since;
		c.closure_reason = p.closure_reason;
	}
	c.urgency = p.urgency;
	c.risk_level = h.risk_set ? p.risk : NULL;
	c.restricted = p.restricted;
	c.details = facts_json(a, &f);
	const char *summary = summaries[p.type][below(r, 4)];
	c.summary = !p.restricted ? summary
	            : g->key      ? secret_seal(a, g->key, summary)
	                          : NULL;
	/* a new round (review → planning) clears the approval */
	c.plan_approved_at = p.stage == STAGE_INTERVENTION ||
	                             p.stage == STAGE_REVIEW ||
	                             p.stage == STAGE_CLOSED
	                         ? h.plan_approved_at
	                         : 0;
	c.closure_approved_at = h.closure_approved_at;
	c.consent_services = c.consent_statistics = c.consent_sharing = -1;
	if (h.consented) {
		c.consent_services = h.consent[0];
		c.consent_statistics = h.consent[1];
		c.consent_sharing = h.consent[2];
		c.consent_sharing_orgs = h.consent[2] ? "[]" : NULL;
	}
	c.next_visit_at = h.next_visit_at;
	c.opened_at = opened;
	c.created_by = u->creator.id;
	c.created_at = opened;
	c.updated_at = h.n > 0 ? h.ev[h.n - 1].at : opened;
	s = store_case_insert(g->st, a, &c, hcm_year_of(opened));
	if (s != STORE_OK)
		return s;

	int64_t approval_id = 0;
	for (size_t i = 0; i < h.n; i++) {
		const struct ev *e = &h.ev[i];
		if (e->kind == EV_APPROVAL_REQUEST) {
			struct approval_row ap = {0};
			ap.case_id = c.id;
			ap.subject = e->subject;
			ap.status = e->decided ? "approved" : "requested";
			if (strcmp(e->subject, "closure") == 0)
				ap.closure_reason = p.closure_reason;
			ap.requested_by = p.actor->id;
			ap.requested_at = e->at;
			if (e->decided) {
				ap.decided_by = u->approver->id;
				ap.decided_at = e->decided_at;
			}
			s = store_approval_insert(g->st, &ap);
			if (s != STORE_OK)
				return s;
			approval_id = ap.id;
			g->stats.approvals++;
		}
		struct case_event_row ev = {0};
		ev.case_id = c.id;
		ev.at = e->at;
		bool decision = e->kind == EV_APPROVAL_DECISION;
		const struct casegen_user *who = decision ? u->approver
		                                 : e->kind == EV_CREATED
		                                     ? &u->creator
		                                     : p.actor;
		ev.actor_id = who->id;
		ev.actor_name = who->username;
		ev.kind = event_kind_text(e->kind);
		ev.data = event_data(g, a, &p, e, u, approval_id);
		s = store_case_event_append(g->st, &ev);
		if (s != STORE_OK)
			return s;
		g->stats.events++;
	}

	g->stats.cases++;
	g->stats.by_type[p.type]++;
	g->stats.by_stage[p.stage]++;
	if (c.due_at > 0 && g->now > c.due_at)
		g->stats.overdue++;
	if (p.restricted)
		g->stats.restricted++;
	if (out != NULL)
		*out = c;
	return STORE_OK;
}

const char *casegen_unit_label(struct arena *a, const char *type,
                               const char *name)
{
	if (type == NULL)
		return arena_strdup(a, name);
	/* "Thành phố Trung ương" is a city like any other in a sentence */
	if (strncmp(type, "Thành phố", strlen("Thành phố")) == 0)
		type = "Thành phố";
	char *t = arena_strdup(a, type);
	/* every unit type starts with an ASCII capital (Xã, Phường, Thị
	 * trấn, Huyện, Quận, Tỉnh, Thành phố) */
	if (t[0] >= 'A' && t[0] <= 'Z')
		t[0] = (char)(t[0] - 'A' + 'a');
	return arena_printf(a, "%s %s", t, name);
}
