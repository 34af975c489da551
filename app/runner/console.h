#pragma once

#include <QString>

namespace Backfill {

class Secrets;

// Where the runner writes: results to stdout, diagnostics to stderr, and the live progress
// line (redrawn with \r) only when stdout is a terminal. Everything passes through the
// run's secrets first, so no secret value reaches the console.
class Console final
{
public:
    Console();
    Q_DISABLE_COPY_MOVE(Console)

    void setSecrets(const Secrets *secrets) { m_secrets = secrets; }
    bool isTerminal() const { return m_terminal; }

    void out(const QString &line);
    void err(const QString &line);
    // Replaces the progress line (terminals only); out() and err() clear it first.
    void progress(const QString &line);
    void clearProgress();

private:
    QString masked(const QString &text) const;

    const Secrets *m_secrets = nullptr;
    bool m_terminal = false;
    bool m_progressShown = false;
};

} // namespace Backfill
