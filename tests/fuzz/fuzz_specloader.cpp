// libFuzzer target: any bytes given to SpecLoader give problems or a spec, never a crash or a
// hang; a spec that loads cleanly writes out and loads back equal.
#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const Backfill::SpecLoadResult result = Backfill::SpecLoader::load(yaml, QStringLiteral("fuzz.yaml"));
    for (const Backfill::SpecProblem &problem : result.problems) {
        if (problem.message.isEmpty() || problem.line < 0 || problem.column < 0)
            abort();
    }
    if (result.problems.isEmpty()) {
        const Backfill::SpecLoadResult again = Backfill::SpecLoader::load(Backfill::SpecWriter::write(result.spec));
        if (!(again.spec == result.spec))
            abort();
    }
    return 0;
}
