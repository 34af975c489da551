// libFuzzer target for a response page: the input is the body of a 200 answer, processed as a
// run processes it (network/engine/pageprocessor) by four programs: records at a field path
// taken straight from the bytes, the same path through the general path (a rule reads
// response.records), a JMESPath projection with a processor writing each record, and a top-level
// array with next_state read from the body. A page either fails or is retried with a message, or
// gives as many records as its count says, and the straight and the general path agree.
#include "network/engine/pageprocessor.h"

#include "model/spec/specloader.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

using namespace Backfill;

namespace {

std::shared_ptr<const EndpointProgram> compile(const char *endpoint, const char *body)
{
    const QByteArray yaml = QByteArray("name: fuzz\nendpoints:\n  ") + endpoint +
                            ":\n    request:\n      url: http://127.0.0.1:1/x\n" + body;
    const SpecLoadResult loaded = SpecLoader::load(yaml);
    if (loaded.hasErrors())
        __builtin_trap();
    QString error;
    auto program = EndpointProgram::compile(loaded.spec, QString::fromLatin1(endpoint), &error);
    if (!program)
        __builtin_trap();
    return program;
}

struct Programs
{
    std::shared_ptr<const EndpointProgram> straight = compile("straight", R"(    response:
      records:
        jmespath: data.events[]
        primary_key: [id]
)");
    std::shared_ptr<const EndpointProgram> general = compile("general", R"(    response:
      records:
        jmespath: data.events[]
        primary_key: [id]
      rules:
        - condition: length(response.records) < 0
          action: fail
)");
    std::shared_ptr<const EndpointProgram> projected = compile("projected", R"(    response:
      records:
        jmespath: "items[?id != null].{id: id, name: name, tags: tags[0]}"
      processors:
        - expression: coalesce(record.name, "none") + "!"
          output: record.label
        - expression: record.id
          output: state.last_id
          aggregation: maximum
)");
    std::shared_ptr<const EndpointProgram> array = compile("array", R"(    state:
      page: 1
    pagination:
      next_state:
        page: "{state.page + 1}"
      stop_condition: "length(response.json) == 0"
    response:
      records:
        jmespath: "[]"
)");
};

const Programs &programs()
{
    static const Programs instance;
    return instance;
}

PageOutput run(const std::shared_ptr<const EndpointProgram> &program, const QByteArray &body)
{
    PageInput input;
    input.program = program;
    input.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/x"));
    input.response.status = 200;
    input.response.headers.append(qMakePair(QByteArray("content-type"), QByteArray("application/json")));
    input.response.body = body;
    input.state = QJsonObject{{QStringLiteral("page"), 1}};
    input.requireKey = true;
    input.planAhead = true;
    PageOutput out = processPage(input);
    const bool judged = out.verdict == PageOutput::Verdict::Fail || out.verdict == PageOutput::Verdict::Retry;
    if (judged && out.message.isEmpty())
        __builtin_trap(); // a failure says why
    if (!judged && out.recordCount != out.records.rowCount())
        __builtin_trap();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const Programs &p = programs();
    const PageOutput straight = run(p.straight, body);
    const PageOutput general = run(p.general, body);
    if (straight.verdict != general.verdict)
        __builtin_trap();
    if (straight.verdict == PageOutput::Verdict::Use && straight.recordCount != general.recordCount)
        __builtin_trap();
    run(p.projected, body);
    run(p.array, body);
    return 0;
}
