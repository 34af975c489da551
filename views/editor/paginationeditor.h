#pragma once

#include "views/editor/paginationsettings.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Backfill {

// The pagination choices of an endpoint with the fields each one needs, as PaginationStyle
// lists them (none, page number, offset/limit, cursor, next URL, Link header, has_more + last
// id), and whether the chosen one lets the engine fetch pages in parallel.
// A pagination the choices cannot express shows as "Custom" and is edited in Advanced.
class PaginationEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaginationEditor)

public:
    explicit PaginationEditor(QWidget *parent = nullptr);

    // `currentUrl` is the request URL, the first page's URL when a URL kind is chosen.
    void setSettings(const PaginationSettings &settings, const QString &currentUrl);
    PaginationSettings settings() const;

Q_SIGNALS:
    // `control` is the objectName of the control that changed; empty for a new kind.
    void edited(const Backfill::PaginationSettings &settings, const QString &control);

private:
    void kindChosen();
    void emitEdited();
    void updateFields();

    PaginationSettings m_settings;
    QString m_currentUrl;
    bool m_refreshing = false;
    QFormLayout *m_form;
    QComboBox *m_kind;
    QLineEdit *m_parameter;
    QSpinBox *m_firstPage;
    QLineEdit *m_sizeParameter;
    QSpinBox *m_pageSize;
    QComboBox *m_pageStop;
    QLineEdit *m_pageField;
    QLineEdit *m_totalField;
    QLineEdit *m_path;
    QLineEdit *m_hasMoreField;
    QLineEdit *m_firstUrl;
    QLabel *m_planHint;
};

} // namespace Backfill
