/*
 * programmes.c — the programme of Decision 565/QĐ-TTg (2017): its four
 * projects and the indicators of each (docs/indicators.md §Plans).
 *
 * ** URL: GET /api/v1/programmes → 200 {"items":[{"project","code","vi",
 *             "en","indicators":["p1_…"]}]}
 *
 * The four projects are fixed by the decision; their indicators are the
 * catalogue's (indicators.csv, loaded by `trogiup init`), in its order.
 */
#include "api/handlers.h"
#include "api/indicator_common.h"

static const struct {
	int project;
	const char *code, *vi, *en;
} projects[] = {
    {1, "p1",
     "Phát triển hệ thống trợ giúp xã hội đối với các đối tượng yếu thế",
     "Developing the social assistance system for disadvantaged people"},
    {2, "p2", "Phát triển hệ thống bảo vệ trẻ em",
     "Developing the child protection system"},
    {3, "p3", "Hỗ trợ thực hiện các mục tiêu quốc gia về bình đẳng giới",
     "Supporting the national gender equality targets"},
    {4, "p4",
     "Phát triển hệ thống dịch vụ hỗ trợ người cai nghiện ma túy, người bán "
     "dâm và nạn nhân bị mua bán",
     "Developing support services for people in drug rehabilitation, sex "
     "workers and victims of trafficking"},
};

void programmes_list(struct api_ctx *c)
{
	struct ind_catalogue cat;
	if (!ind_catalogue_load(c, &cat))
		return;
	json_t *items = json_array();
	for (size_t p = 0; p < sizeof projects / sizeof projects[0]; p++) {
		json_t *codes = json_array();
		for (size_t i = 0; i < cat.n; i++)
			if (cat.defs[i].project == projects[p].project)
				json_array_append_new(
				    codes, json_string(cat.defs[i].code));
		json_array_append_new(
		    items,
		    json_pack("{s:i, s:s, s:s, s:s, s:o}", "project",
		              projects[p].project, "code", projects[p].code,
		              "vi", projects[p].vi, "en", projects[p].en,
		              "indicators", codes));
	}
	api_reply_json(c, 200, json_pack("{s:o}", "items", items));
}
