#include "model/core/logging.h"

Q_LOGGING_CATEGORY(lcModel, "backfill.model")
Q_LOGGING_CATEGORY(lcNetwork, "backfill.network")
Q_LOGGING_CATEGORY(lcViews, "backfill.views")
