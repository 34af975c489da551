#pragma once

#include "model/jmespath/jmespath.h"
#include "model/jmespath/jmespathlexer.h"
#include "model/jmespath/jmespathnode.h"

#include <memory>
#include <vector>

namespace Backfill {

// Turns JMESPath text into a tree of nodes: a Pratt parser with the binding powers of the
// reference implementation. Unknown functions, wrong arity and a zero slice step are found
// here, so a compiled expression can only fail on the data it is given.
class JmesPathParser final
{
public:
    explicit JmesPathParser(const QString &expression);

    // The root node, or null with error() filled.
    std::unique_ptr<JmesPathDetail::Node> parse();
    const JmesPath::Error &error() const { return m_error; }

private:
    using Node = JmesPathDetail::Node;
    using NodePtr = std::unique_ptr<Node>;
    using Type = JmesPathToken::Type;

    NodePtr expression(int bindingPower);
    NodePtr nud();
    NodePtr led(const JmesPathToken &token, NodePtr left);
    NodePtr parseIndex(NodePtr left);
    NodePtr parseSlice(NodePtr left);
    NodePtr projectionRight(int bindingPower);
    NodePtr dotRight(int bindingPower);
    NodePtr multiSelectList(int position);
    NodePtr multiSelectHash(int position);
    NodePtr functionCall(NodePtr name, int position);

    NodePtr make(Node::Kind kind, int position, NodePtr first = {}, NodePtr second = {});
    NodePtr finish(NodePtr node);

    const JmesPathToken &current() const { return m_tokens[m_index]; }
    const JmesPathToken &peek(int ahead) const;
    void advance();
    bool expect(Type type, const QString &what);
    NodePtr fail(const JmesPathToken &token, const QString &message);
    NodePtr failAt(int position, const QString &message);
    NodePtr unexpected(const JmesPathToken &token);

    static int bindingPower(Type type);
    static QString describe(const JmesPathToken &token);

    QString m_expression;
    std::vector<JmesPathToken> m_tokens;
    size_t m_index = 0;
    int m_nesting = 0;
    bool m_failed = false;
    JmesPath::Error m_error;
};

} // namespace Backfill
