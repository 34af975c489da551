#pragma once

#include "model/spec/spec.h"
#include "views/editor/partitioningsettings.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Backfill {

// The partitioning choices of an endpoint: none, hourly, daily, weekly, monthly or numeric
// blocks; where the range starts and ends; how many partitions run at once; and which state
// variables (and query parameters) receive the partition's start and end in which format, with
// a live example of the first partition's request. A spec whose iteration the choices cannot
// express shows as "Custom" and is edited in the Advanced section.
class PartitioningEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartitioningEditor)

public:
    explicit PartitioningEditor(QWidget *parent = nullptr);

    // Shows `settings`; `endpoint` (with the settings and the spec's defaults applied) gives the
    // live example.
    void setSettings(const PartitioningSettings &settings, const Endpoint &endpoint);
    PartitioningSettings settings() const;

Q_SIGNALS:
    // `control` is the objectName of the control that changed; empty for a new kind.
    void edited(const Backfill::PartitioningSettings &settings, const QString &control);

private:
    void updateVisibility();
    void emitEdited();
    void kindChosen();
    QString example(const PartitioningSettings &settings, const Endpoint &endpoint) const;

    PartitioningSettings m_settings; // as last shown; keeps what the widgets do not edit
    bool m_refreshing = false;
    QComboBox *m_kind;
    QLineEdit *m_variable;
    QComboBox *m_startMode;
    QSpinBox *m_startAgo;
    QDateEdit *m_startDate;
    QComboBox *m_endMode;
    QDateEdit *m_endDate;
    QSpinBox *m_startNumber;
    QSpinBox *m_endNumber;
    QSpinBox *m_blockSize;
    QSpinBox *m_concurrency;
    QLineEdit *m_startVariable;
    QLineEdit *m_startFormat;
    QLineEdit *m_startParameter;
    QComboBox *m_endBound;
    QLineEdit *m_endVariable;
    QLineEdit *m_endFormat;
    QLineEdit *m_endParameter;
    QLabel *m_example;
    QList<QWidget *> m_timeRows;
    QList<QWidget *> m_numericRows;
};

} // namespace Backfill
