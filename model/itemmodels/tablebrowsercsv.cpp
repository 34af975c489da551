// The data browser's CSV export: the rows that pass the filters, in the shown order.
#include "model/itemmodels/tablebrowsermodel.h"

#include "model/core/sqlerrortext.h"
#include "model/targets/sqlidentifier.h"

#include <QIODevice>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
constexpr qint64 ProgressEveryRows = 10'000;
constexpr qsizetype CsvFlushBytes = 1 << 20;
} // namespace

QString TableBrowserModel::csvField(const QString &text)
{
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r');
    if (!quote)
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

bool TableBrowserModel::writeCsv(QIODevice *device, QString *error, const ExportProgress &progress) const
{
    const auto failWith = [error](const QString &reason) {
        if (error)
            *error = reason;
        return false;
    };
    if (m_columns.isEmpty())
        return failWith(tr("no table is shown"));

    QStringList columns;
    QStringList header;
    for (const QString &column : m_columns) {
        columns << quoteIdentifier(column);
        header << csvField(column);
    }
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(selectSql(columns.join(u", "_s)));
    for (const QVariant &value : whereValues(m_shown))
        query.addBindValue(value);
    if (!query.exec())
        return failWith(tr("cannot read %1: %2").arg(m_table, sqlErrorText(query.lastError())));

    QByteArray buffer = header.join(u',').toUtf8() + "\r\n";
    const auto flush = [&] {
        const bool written = device->write(buffer) == buffer.size();
        buffer.clear();
        return written;
    };
    QString line;
    qint64 rows = 0;
    const int columnCount = int(m_columns.size());
    while (query.next()) {
        line.clear();
        for (int column = 0; column < columnCount; ++column) {
            if (column > 0)
                line += u',';
            line += csvField(valueText(query.value(column)));
        }
        buffer += line.toUtf8();
        buffer += "\r\n";
        ++rows;
        if (buffer.size() >= CsvFlushBytes && !flush())
            return failWith(tr("cannot write: %1").arg(device->errorString()));
        if (progress && rows % ProgressEveryRows == 0 && !progress(rows))
            return failWith(tr("the export was cancelled"));
    }
    if (query.lastError().isValid())
        return failWith(tr("cannot read %1: %2").arg(m_table, sqlErrorText(query.lastError())));
    if (!flush())
        return failWith(tr("cannot write: %1").arg(device->errorString()));
    if (progress)
        progress(rows);
    return true;
}

bool TableBrowserModel::exportCsv(const QString &path, QString *error, const ExportProgress &progress) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QString reason;
    if (!writeCsv(&file, &reason, progress)) {
        file.cancelWriting();
        if (error)
            *error = tr("%1 was not written: %2").arg(path, reason);
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Backfill
