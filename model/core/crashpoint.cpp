#include "model/core/crashpoint.h"

#include <QByteArray>
#include <QtGlobal>

#include <atomic>
#include <csignal>
#include <cstring>

namespace Backfill {

namespace {

struct CrashPlan
{
    QByteArray name; // empty: no crash point armed
    bool prefix = false;
    int hit = 1;
    std::atomic<int> seen{0};

    CrashPlan()
    {
        const QByteArray value = qgetenv("BACKFILL_CRASH_AT");
        const qsizetype colon = value.lastIndexOf(':');
        name = colon > 0 ? value.left(colon) : value;
        if (colon > 0)
            hit = qMax(1, value.mid(colon + 1).toInt());
        prefix = name.endsWith('*');
        if (prefix)
            name.chop(1);
    }

    bool matches(const char *point) const
    {
        return prefix ? std::strncmp(point, name.constData(), size_t(name.size())) == 0 : name == QByteArrayView(point);
    }
};

CrashPlan &plan()
{
    static CrashPlan instance;
    return instance;
}

} // namespace

void crashPoint(const char *name)
{
    CrashPlan &armed = plan();
    if (armed.name.isEmpty() || !armed.matches(name))
        return;
    if (armed.seen.fetch_add(1) + 1 == armed.hit)
        ::raise(SIGKILL);
}

} // namespace Backfill
