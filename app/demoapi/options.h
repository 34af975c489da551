#pragma once

#include <QDate>
#include <QList>
#include <QPair>
#include <QString>

class QCommandLineParser;

namespace Backfill::DemoApi {

// How a 429 tells the client when to come back.
enum class RetryAfterStyle { Seconds, HttpDate, Zero, RateLimitReset };

// Everything the command line sets; per-request query parameters override some of it.
struct Options
{
    quint16 port = 8765;
    quint64 seed = 1;

    int latencyMs = 0;
    int jitterMs = 0;
    QList<QPair<QString, int>> latencyForPath; // path prefix -> milliseconds

    int rateLimit = 0; // requests per second per token; 0 = unlimited
    RetryAfterStyle retryAfterStyle = RetryAfterStyle::Seconds;
    double random429Rate = 0.0;
    double errorRate = 0.0; // random 500/502/503
    QString fault;          // a fault kind applied to every data request
    int faultTimes = -1;    // with fault: only the first N requests per URL; -1 = always
    double faultRate = 1.0; // with fault: probability per request
    QString faultEvery;     // "close:11,503:7": the fault on every Nth data request

    int cursorTtlMs = 300'000;
    int tokenTtlSeconds = 3600;
    bool authEnabled = true;
    QString bearerToken = QStringLiteral("demo-token");
    QString apiKey = QStringLiteral("demo-key");
    QString clientId = QStringLiteral("demo-client");
    QString clientSecret = QStringLiteral("demo-secret");

    int mutateHistoryDays = 0; // 0 = past records never change
    int advanceEverySeconds = 0;
    QDate today; // the anchor of the mutation window; invalid = the current UTC date

    // Days on which /events/daily/{date} serves fewer records, for tests of completeness
    // checks: a tenth of the day's records (its first ones), or none. Sorted, no repeats.
    QList<QDate> thinDays;
    QList<QDate> emptyDays;
};

void addOptions(QCommandLineParser &parser);
// Returns an empty string on success, otherwise the message for the user.
QString readOptions(const QCommandLineParser &parser, Options &options);

bool parseRetryAfterStyle(const QString &text, RetryAfterStyle &style);

} // namespace Backfill::DemoApi
