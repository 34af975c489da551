#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QSet>

namespace Backfill::DemoApi {

class JsonWriter;

// The demo API's data: every record is a pure function of the seed, its key and, for
// records of recent days when history mutation is on, the generation counter. Nothing is
// stored, so any date, month or id range can be asked for.
class Dataset final
{
public:
    // thinDays and emptyDays cut what /events/daily/{date} serves on those days (see eventCount).
    Dataset(quint64 seed, int mutateHistoryDays, QDate today, const QList<QDate> &thinDays = {},
            const QList<QDate> &emptyDays = {});

    int generation() const { return m_generation; }
    void advance() { ++m_generation; }

    // Daily events (/events/daily/{date}): 20 to 80 a day, none on about one day in 30. A day
    // serves eventCount() records, the indexes from firstEventIndex() on: a mutating day has
    // withdrawn its first record from generation 1 on, a thin day serves the first tenth of
    // what it would otherwise (at least 1), an empty day nothing.
    int eventCount(QDate date) const;
    int firstEventIndex(QDate date) const;
    // The record at this index: event_id evt_YYYYMMDD_NNNN with NNNN = index + 1.
    void writeEvent(JsonWriter &w, QDate date, int index) const;
    // Monthly sales (/sales/summary?month=): 30 to 60 a month.
    int saleCount(int year, int month) const;
    void writeSale(JsonWriter &w, int year, int month, int index) const;
    // Orders (/orders?id_min=&id_max=): about 30% of ids exist.
    bool orderExists(qint64 id) const;
    void writeOrder(JsonWriter &w, qint64 id) const;
    // Near-earth objects (/neo/rest/v1/feed): 3 to 12 a day.
    int neoCount(QDate date) const;
    void writeNeo(JsonWriter &w, QDate date, int index) const;
    // The collection behind the pagination endpoints, ids from 1.
    void writeItem(JsonWriter &w, qint64 id) const;
    // Benchmark records, about 300 bytes each.
    void writeBulkRecord(JsonWriter &w, qint64 partition, qint64 seq) const;

    static quint64 hash(quint64 a, quint64 b = 0, quint64 c = 0);
    static qint64 epochSeconds(QDate date);

private:
    // 0 for a record that never changed; the generation for records of mutating days.
    int versionOf(QDate date) const;
    // Every event the day has had, withdrawn ones and late arrivals included.
    int generatedEventCount(QDate date) const;

    quint64 m_seed = 0;
    int m_mutateHistoryDays = 0;
    QDate m_today;
    QSet<QDate> m_thinDays;
    QSet<QDate> m_emptyDays;
    int m_generation = 0;
};

} // namespace Backfill::DemoApi
