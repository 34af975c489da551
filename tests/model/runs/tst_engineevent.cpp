// Engine events as the headless runner prints them (one JSON object per line).
#include "model/runs/engineevent.h"

#include <QJsonDocument>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestEngineEvent : public QObject
{
    Q_OBJECT

private slots:
    void kindNamesRoundTrip();
    void jsonHasWhatHappened();
    void levels();
};

void TestEngineEvent::kindNamesRoundTrip()
{
    for (int k = int(EngineEvent::Kind::RunStarted); k <= int(EngineEvent::Kind::RunFinished); ++k) {
        const auto kind = EngineEvent::Kind(k);
        QVERIFY(!EngineEvent::kindName(kind).isEmpty());
        QCOMPARE(EngineEvent::kindFromName(EngineEvent::kindName(kind)), kind);
    }
    QVERIFY(!EngineEvent::kindFromName(u"exploded"_s));
}

void TestEngineEvent::jsonHasWhatHappened()
{
    EngineEvent event;
    event.kind = EngineEvent::Kind::Retry;
    event.time = QDateTime(QDate(2024, 1, 5), QTime(10, 0, 1, 250), Qt::UTC);
    event.endpoint = u"daily_events"_s;
    event.partition = u"2024-01-05"_s;
    event.page = 2;
    event.attempt = 1;
    event.httpStatus = 429;
    event.waitMs = 3000;
    event.url = u"http://127.0.0.1:8765/events/daily/2024-01-05?key=****"_s;
    event.message = u"rate limited; retrying in 3 s (Retry-After)"_s;
    const QByteArray json = QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact);
    const QByteArray expected(R"j({"attempt":1,"endpoint":"daily_events","event":"retry",)j"
                              R"j("message":"rate limited; retrying in 3 s (Retry-After)","page":2,)j"
                              R"j("partition":"2024-01-05","status":429,"time":"2024-01-05T10:00:01.250Z",)j"
                              R"j("url":"http://127.0.0.1:8765/events/daily/2024-01-05?key=****","wait_ms":3000})j");
    QCOMPARE(json, expected);
}

void TestEngineEvent::levels()
{
    EngineEvent event;
    event.kind = EngineEvent::Kind::PartitionFailed;
    QCOMPARE(event.level(), EventLevel::Error);
    event.kind = EngineEvent::Kind::Wait;
    QCOMPARE(event.level(), EventLevel::Warning);
    event.kind = EngineEvent::Kind::PageFetched;
    QCOMPARE(event.level(), EventLevel::Info);
}

QTEST_GUILESS_MAIN(TestEngineEvent)
#include "tst_engineevent.moc"
