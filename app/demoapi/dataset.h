#pragma once

#include <QByteArray>
#include <QDate>

namespace Backfill::DemoApi {

class JsonWriter;

// The demo API's data: every record is a pure function of the seed, its key and, for
// records of recent days when history mutation is on, the generation counter. Nothing is
// stored, so any date, month or id range can be asked for.
class Dataset final
{
public:
    Dataset(quint64 seed, int mutateHistoryDays, QDate today);

    int generation() const { return m_generation; }
    void advance() { ++m_generation; }

    // Daily events (/events/daily/{date}): 20 to 80 a day, none on about one day in 30.
    int eventCount(QDate date) const;
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

    quint64 m_seed = 0;
    int m_mutateHistoryDays = 0;
    QDate m_today;
    int m_generation = 0;
};

} // namespace Backfill::DemoApi
