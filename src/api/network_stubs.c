/* TEMPORARY (issue 5 integration): weak stubs so the tree links while the
 * network handlers are written; deleted before the issue closes. */
#include "api/api.h"
#include "api/handlers.h"
#define STUB(fn)                                                               \
	__attribute__((weak)) void fn(struct api_ctx *c)                       \
	{                                                                      \
		api_reply_error(c, 501, "not_implemented", #fn, NULL);         \
	}
STUB(facilities_list)
STUB(facilities_create)
STUB(facilities_get)
STUB(facilities_update)
STUB(facilities_history)
STUB(residents_list)
STUB(residents_admit)
STUB(residents_discharge)
STUB(carers_list)
STUB(carers_create)
STUB(carers_get)
STUB(carers_update)
STUB(placements_list)
STUB(placements_create)
STUB(placements_get)
STUB(placements_review)
STUB(placements_end)
STUB(trainings_list)
STUB(trainings_create)
STUB(trainings_get)
STUB(trainings_update)
STUB(participants_list)
STUB(participants_create)
STUB(participants_delete)
STUB(communications_list)
STUB(communications_create)
STUB(communications_get)
STUB(communications_update)
STUB(communications_coverage)
STUB(imports_create)
STUB(imports_get)
STUB(imports_cancel)
