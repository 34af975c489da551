#pragma once

#include "network/engine/previewjob.h"
#include "views/secrets/secretstore.h"

#include <QJsonValue>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QListView;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStringListModel;
class QTabWidget;
class QTableView;
class QTreeView;

namespace Backfill {

class JsonTreeModel;
class RecordTableModel;
class SpecDocument;

// The test read of one endpoint: fetches a partition's first pages (PreviewJob, nothing is
// written) and shows per page the request as sent (secrets masked), the response (status,
// headers, the JSON as a foldable tree and as text), the records, the inferred columns and
// the state after, with warnings for what looks wrong. A retry wait is shown with a button to
// skip it.
class TestPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestPanel)

public:
    static constexpr int ResponseBytesKept = 2 * 1024 * 1024; // per page, for the views and the records preview

    TestPanel(QNetworkAccessManager *network, SecretStore *secrets, QWidget *parent = nullptr);
    ~TestPanel() override;

    // The endpoint "Test" runs; its partitions fill the partition field (most recent first).
    void setEndpoint(SpecDocument *document, int index);
    void setSecretStore(SecretStore *secrets) { m_secrets = secrets; }
    bool isRunning() const { return m_running; }
    const PreviewResult &result() const { return m_result; }
    QStringList warnings() const { return m_warnings; }
    // The body of the last response that parsed as JSON (masked), for the records preview.
    QJsonValue lastResponseJson() const { return m_lastJson; }

public Q_SLOTS:
    // Tests `endpoint` of the current connection on `partitionKey` (empty: the most recent
    // partition). For the calendar: "test this day".
    void testPartition(const QString &endpoint, const QString &partitionKey);
    // Tests the current endpoint on the partition in the partition field.
    void runTest();
    void stop();
    void skipWait();

Q_SIGNALS:
    // A test read began: whoever holds the panel shows it.
    void started();
    void finished(const Backfill::PreviewResult &result);
    void responseJsonChanged(const QJsonValue &json);

private:
    void fillPartitions();
    void pageFetched(const PreviewPage &page);
    void previewFinished(const PreviewResult &result);
    void showPage(int row);
    void setRunning(bool running);
    void showStatus(const QString &text, bool isError = false);

    QNetworkAccessManager *m_network;
    QPointer<SecretStore> m_secrets;
    QPointer<SpecDocument> m_document;
    int m_index = -1;
    PreviewJob *m_job;
    PreviewResult m_result;
    QList<PreviewPage> m_pages;
    QStringList m_warnings;
    QJsonValue m_lastJson = QJsonValue(QJsonValue::Undefined);
    bool m_running = false;

    QLabel *m_endpoint;
    QComboBox *m_partition;
    QSpinBox *m_maxPages;
    QSpinBox *m_maxRecords;
    QPushButton *m_run;
    QPushButton *m_stop;
    QWidget *m_waitRow;
    QLabel *m_waitMessage;
    QPushButton *m_skipWait;
    QLabel *m_status;
    QLabel *m_warningLabel;
    QStringListModel *m_pageModel;
    QListView *m_pageList;
    QTabWidget *m_details;
    QPlainTextEdit *m_request;
    QLabel *m_responseStatus;
    QPlainTextEdit *m_responseHeaders;
    JsonTreeModel *m_jsonModel;
    QTreeView *m_responseTree;
    QPlainTextEdit *m_responseRaw;
    RecordTableModel *m_recordModel;
    QTableView *m_records;
    RecordTableModel *m_columnModel;
    QTableView *m_columns;
    QPlainTextEdit *m_state;
};

} // namespace Backfill
