#include "app/demoapi/options.h"

#include "app/demoapi/faultplan.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>

namespace Backfill::DemoApi {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

// Reads a day list option: yyyy-mm-dd dates separated by commas, the option possibly repeated.
QString readDays(const QCommandLineParser &parser, const QString &name, QList<QDate> &days)
{
    for (const QString &value : parser.values(name)) {
        for (const QString &item : value.split(QLatin1Char(','))) {
            const QString text = item.trimmed();
            const QDate day = QDate::fromString(text, Qt::ISODate);
            // Qt::ISODate lets a few other forms through ("2024/01/05", a time after the date): only
            // the exact form counts, so that a typo is never read as some other day.
            if (!day.isValid() || day.toString(Qt::ISODate) != text)
                return tr("--%1: expected yyyy-mm-dd, got \"%2\"").arg(name, text);
            days.append(day);
        }
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return {};
}

} // namespace

void addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("port"), tr("Port on 127.0.0.1 (0 picks a free one). Default 8765."), tr("port")},
        {QStringLiteral("seed"), tr("Seed of the generated data. Default 1."), tr("n")},
        {QStringLiteral("latency"), tr("Fixed latency of every answer."), tr("ms")},
        {QStringLiteral("jitter"), tr("Random extra latency, 0 to this many milliseconds."), tr("ms")},
        {QStringLiteral("latency-for"), tr("Latency for paths starting with PREFIX (repeatable)."), tr("prefix=ms")},
        {QStringLiteral("rate-limit"), tr("Requests per second allowed per token; 429 beyond."), tr("n")},
        {QStringLiteral("retry-after"), tr("How a 429 says when to retry: seconds, date, zero or reset."), tr("style")},
        {QStringLiteral("random-429"), tr("Answer this fraction of data requests with 429."), tr("rate")},
        {QStringLiteral("error-rate"), tr("Answer this fraction of data requests with 500, 502 or 503."), tr("rate")},
        {QStringLiteral("fault"), tr("Apply this fault (see GET /) to every data request."), tr("kind")},
        {QStringLiteral("fault-times"), tr("With --fault: only the first N requests of each URL."), tr("n")},
        {QStringLiteral("fault-rate"), tr("With --fault: this fraction of requests."), tr("rate")},
        {QStringLiteral("fault-every"),
         tr("Faults on every Nth data request, counted across all routes: kind:N[,kind:N...]."), tr("list")},
        {QStringLiteral("cursor-ttl"), tr("Cursor tokens expire after this many milliseconds."), tr("ms")},
        {QStringLiteral("token-ttl"), tr("OAuth2 access tokens expire after this many seconds."), tr("s")},
        {QStringLiteral("no-auth"), tr("Accept requests without credentials.")},
        {QStringLiteral("bearer-token"), tr("The static bearer token. Default demo-token."), tr("token")},
        {QStringLiteral("api-key"), tr("The API key. Default demo-key."), tr("key")},
        {QStringLiteral("client-id"), tr("The OAuth2 client id. Default demo-client."), tr("id")},
        {QStringLiteral("client-secret"), tr("The OAuth2 client secret. Default demo-secret."), tr("secret")},
        {QStringLiteral("mutate-history"),
         tr("Records of the last N days change with each generation (POST /_advance)."), tr("days")},
        {QStringLiteral("advance-every"), tr("Also advance the generation every N seconds."), tr("s")},
        {QStringLiteral("today"), tr("The date the mutation window ends on. Default: today (UTC)."), tr("yyyy-mm-dd")},
        {QStringLiteral("thin-days"),
         tr("On these days (yyyy-mm-dd, comma-separated) /events/daily serves only the first tenth of its records "
            "(at least 1 if it has any)."),
         tr("dates")},
        {QStringLiteral("empty-days"),
         tr("On these days (yyyy-mm-dd, comma-separated) /events/daily serves no records."), tr("dates")},
    });
}

bool parseRetryAfterStyle(const QString &text, RetryAfterStyle &style)
{
    if (text == u"seconds")
        style = RetryAfterStyle::Seconds;
    else if (text == u"date")
        style = RetryAfterStyle::HttpDate;
    else if (text == u"zero" || text == u"0")
        style = RetryAfterStyle::Zero;
    else if (text == u"reset")
        style = RetryAfterStyle::RateLimitReset;
    else
        return false;
    return true;
}

QString readOptions(const QCommandLineParser &parser, Options &options)
{
    const auto readInt = [&](const QString &name, int &target, int minimum) -> QString {
        if (!parser.isSet(name))
            return {};
        bool ok = false;
        const int v = parser.value(name).toInt(&ok);
        if (!ok || v < minimum)
            return tr("--%1: expected a number of at least %2, got \"%3\"")
                .arg(name)
                .arg(minimum)
                .arg(parser.value(name));
        target = v;
        return {};
    };
    const auto readRate = [&](const QString &name, double &target) -> QString {
        if (!parser.isSet(name))
            return {};
        bool ok = false;
        const double v = parser.value(name).toDouble(&ok);
        if (!ok || v < 0.0 || v > 1.0)
            return tr("--%1: expected a rate between 0 and 1, got \"%2\"").arg(name, parser.value(name));
        target = v;
        return {};
    };

    int port = options.port;
    int mutate = 0;
    QString error;
    for (const auto &check :
         {readInt(QStringLiteral("port"), port, 0), readInt(QStringLiteral("latency"), options.latencyMs, 0),
          readInt(QStringLiteral("jitter"), options.jitterMs, 0),
          readInt(QStringLiteral("rate-limit"), options.rateLimit, 0),
          readInt(QStringLiteral("fault-times"), options.faultTimes, 0),
          readInt(QStringLiteral("cursor-ttl"), options.cursorTtlMs, 0),
          readInt(QStringLiteral("token-ttl"), options.tokenTtlSeconds, 0),
          readInt(QStringLiteral("mutate-history"), mutate, 0),
          readInt(QStringLiteral("advance-every"), options.advanceEverySeconds, 0),
          readRate(QStringLiteral("random-429"), options.random429Rate),
          readRate(QStringLiteral("error-rate"), options.errorRate),
          readRate(QStringLiteral("fault-rate"), options.faultRate)}) {
        if (error.isEmpty() && !check.isEmpty())
            error = check;
    }
    if (!error.isEmpty())
        return error;
    if (port > 65535)
        return tr("--port: %1 is not a port").arg(port);
    options.port = quint16(port);
    options.mutateHistoryDays = mutate;

    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return tr("--seed: expected a number, got \"%1\"").arg(parser.value(QStringLiteral("seed")));
    }
    for (const QString &item : parser.values(QStringLiteral("latency-for"))) {
        const qsizetype eq = item.lastIndexOf(QLatin1Char('='));
        bool ok = false;
        const int ms = eq > 0 ? item.mid(eq + 1).toInt(&ok) : 0;
        if (!ok || ms < 0 || !item.startsWith(QLatin1Char('/')))
            return tr("--latency-for: expected /prefix=ms, got \"%1\"").arg(item);
        options.latencyForPath.append({item.left(eq), ms});
    }
    if (parser.isSet(QStringLiteral("retry-after")) &&
        !parseRetryAfterStyle(parser.value(QStringLiteral("retry-after")), options.retryAfterStyle))
        return tr("--retry-after: expected seconds, date, zero or reset, got \"%1\"")
            .arg(parser.value(QStringLiteral("retry-after")));
    if (parser.isSet(QStringLiteral("fault"))) {
        options.fault = parser.value(QStringLiteral("fault"));
        if (!FaultPlan::isKnownFaultList(options.fault))
            return tr("--fault: unknown fault \"%1\"").arg(options.fault);
    }
    if (parser.isSet(QStringLiteral("fault-every"))) {
        options.faultEvery = parser.value(QStringLiteral("fault-every"));
        QList<QPair<quint32, int>> schedule;
        if (!FaultPlan::parseSchedule(options.faultEvery, schedule))
            return tr("--fault-every: expected kind:N[,kind:N...] with known kinds and N >= 1, got \"%1\"")
                .arg(options.faultEvery);
    }
    options.authEnabled = !parser.isSet(QStringLiteral("no-auth"));
    if (parser.isSet(QStringLiteral("bearer-token")))
        options.bearerToken = parser.value(QStringLiteral("bearer-token"));
    if (parser.isSet(QStringLiteral("api-key")))
        options.apiKey = parser.value(QStringLiteral("api-key"));
    if (parser.isSet(QStringLiteral("client-id")))
        options.clientId = parser.value(QStringLiteral("client-id"));
    if (parser.isSet(QStringLiteral("client-secret")))
        options.clientSecret = parser.value(QStringLiteral("client-secret"));
    if (parser.isSet(QStringLiteral("today"))) {
        options.today = QDate::fromString(parser.value(QStringLiteral("today")), Qt::ISODate);
        if (!options.today.isValid())
            return tr("--today: expected yyyy-mm-dd, got \"%1\"").arg(parser.value(QStringLiteral("today")));
    }
    error = readDays(parser, QStringLiteral("thin-days"), options.thinDays);
    if (error.isEmpty())
        error = readDays(parser, QStringLiteral("empty-days"), options.emptyDays);
    if (!error.isEmpty())
        return error;
    // A day cannot serve both a tenth and nothing; say which one was given twice.
    for (const QDate &day : options.thinDays) {
        if (std::binary_search(options.emptyDays.begin(), options.emptyDays.end(), day))
            return tr("--thin-days and --empty-days both name %1").arg(day.toString(Qt::ISODate));
    }
    return {};
}

} // namespace Backfill::DemoApi
