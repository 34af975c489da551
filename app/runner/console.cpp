#include "app/runner/console.h"

#include "model/core/secrets.h"

#include <cstdio>
#include <unistd.h>

namespace Backfill {

namespace {
void write(std::FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}
} // namespace

Console::Console()
    : m_terminal(::isatty(STDOUT_FILENO) == 1)
{}

QString Console::masked(const QString &text) const
{
    return m_secrets ? m_secrets->mask(text) : text;
}

void Console::out(const QString &line)
{
    clearProgress();
    write(stdout, masked(line) + QLatin1Char('\n'));
}

void Console::err(const QString &line)
{
    clearProgress();
    write(stderr, masked(line) + QLatin1Char('\n'));
}

void Console::progress(const QString &line)
{
    if (!m_terminal)
        return;
    // \x1b[K clears what a longer earlier line left behind.
    write(stdout, QLatin1Char('\r') + masked(line) + QStringLiteral("\x1b[K"));
    m_progressShown = true;
}

void Console::clearProgress()
{
    if (!m_progressShown)
        return;
    m_progressShown = false;
    write(stdout, QStringLiteral("\r\x1b[K"));
}

} // namespace Backfill
