#include "model/expression/expressionparser.h"

#include "model/core/translation.h"
#include "model/expression/expressionfunctions.h"
#include "model/expression/expressionlexer.h"
#include "model/expression/expressionvalue.h"

#include <QCoreApplication>

#include <algorithm>
#include <deque>
#include <limits>

using namespace Qt::StringLiterals;

namespace Backfill {

using ExpressionDetail::Node;
using ExpressionDetail::NodeKind;
using ExpressionDetail::Operator;
using Token = ExpressionLexer::Token;
using TokenType = ExpressionLexer::Type;
using NodePtr = std::unique_ptr<Node>;

namespace {

// JMESPath literals are checked at parse time only once a real implementation is linked in.
bool jmesPathAvailable()
{
    static const bool available = JmesPath::compile(u"a"_s).isValid();
    return available;
}

class Parser
{
public:
    Parser(const QString &text, const QStringList &extraRoots)
        : m_text(text)
        , m_extraRoots(extraRoots)
    {}

    NodePtr parseAll(ExpressionError *error)
    {
        NodePtr root = parseExpression();
        if (root && current().type != TokenType::End)
            fail(tr("unexpected %1").arg(describe(current())), current().position);
        if (m_failed) {
            *error = m_error;
            return nullptr;
        }
        return root;
    }

private:
    // Tokens are read on demand, so a failure early in a long text stops the work there. A deque keeps
    // references to earlier tokens valid while more are read.
    const Token &current()
    {
        while (m_index >= m_tokens.size()) {
            Token token;
            ExpressionError error;
            if (m_lexerFailed || !ExpressionLexer::next(m_text, &m_position, &token, &error)) {
                if (!m_lexerFailed)
                    fail(error.message, error.position);
                m_lexerFailed = true;
                token = Token();
                token.position = int(m_text.size());
            }
            m_tokens.push_back(std::move(token));
        }
        return m_tokens[m_index];
    }
    const Token &previous() const { return m_tokens[m_index > 0 ? m_index - 1 : 0]; }
    bool isPunct(const QString &op) { return current().type == TokenType::Punct && current().text == op; }

    bool accept(const QString &op)
    {
        if (!isPunct(op))
            return false;
        ++m_index;
        return true;
    }

    bool expect(const QString &op)
    {
        if (accept(op))
            return true;
        fail(tr("expected '%1' but found %2").arg(op, describe(current())), current().position);
        return false;
    }

    QString describe(const Token &token) const
    {
        if (token.type == TokenType::End)
            return tr("the end of the expression");
        return u"'"_s + m_text.mid(token.position, token.length) + u"'"_s;
    }

    NodePtr fail(const QString &message, int position)
    {
        if (!m_failed) {
            m_failed = true;
            m_error = {message, position};
        }
        return nullptr;
    }

    NodePtr makeNode(NodeKind kind, int position)
    {
        auto node = std::make_unique<Node>();
        node->kind = kind;
        node->position = position;
        return node;
    }

    // Seals a node: records where it ends and bounds the height of the tree, so that evaluating and
    // destroying it can recurse safely.
    NodePtr finish(NodePtr node)
    {
        if (!node)
            return node;
        node->end = previous().position + previous().length;
        int depth = 0;
        for (const NodePtr &child : node->children) {
            if (child)
                depth = std::max(depth, child->depth);
        }
        node->depth = depth + 1;
        if (node->depth > ExpressionParser::MaxDepth)
            return fail(tr("the expression is nested too deeply"), node->position);
        return node;
    }

    NodePtr binary(Operator op, NodePtr left, NodePtr right)
    {
        if (!left || !right)
            return nullptr;
        NodePtr node = makeNode(NodeKind::Binary, left->position);
        node->op = op;
        node->children.push_back(std::move(left));
        node->children.push_back(std::move(right));
        return finish(std::move(node));
    }

    struct DepthGuard
    {
        explicit DepthGuard(int *depth)
            : m_depth(depth)
        {
            ++*m_depth;
        }
        ~DepthGuard() { --*m_depth; }
        int *m_depth;
    };

    NodePtr parseExpression()
    {
        DepthGuard guard(&m_depth);
        if (m_depth > ExpressionParser::MaxDepth)
            return fail(tr("the expression is nested too deeply"), current().position);
        NodePtr condition = parseOr();
        if (!condition || !isPunct(u"?"_s))
            return condition;
        ++m_index;
        NodePtr whenTrue = parseExpression();
        if (!whenTrue || !expect(u":"_s))
            return nullptr;
        NodePtr whenFalse = parseExpression();
        if (!whenFalse)
            return nullptr;
        NodePtr node = makeNode(NodeKind::Conditional, condition->position);
        node->children.push_back(std::move(condition));
        node->children.push_back(std::move(whenTrue));
        node->children.push_back(std::move(whenFalse));
        return finish(std::move(node));
    }

    NodePtr parseOr()
    {
        NodePtr left = parseAnd();
        while (left && accept(u"||"_s))
            left = binary(Operator::Or, std::move(left), parseAnd());
        return left;
    }

    NodePtr parseAnd()
    {
        NodePtr left = parseEquality();
        while (left && accept(u"&&"_s))
            left = binary(Operator::And, std::move(left), parseEquality());
        return left;
    }

    NodePtr parseEquality()
    {
        NodePtr left = parseComparison();
        while (left) {
            if (accept(u"=="_s))
                left = binary(Operator::Equal, std::move(left), parseComparison());
            else if (accept(u"!="_s))
                left = binary(Operator::NotEqual, std::move(left), parseComparison());
            else
                break;
        }
        return left;
    }

    NodePtr parseComparison()
    {
        NodePtr left = parseAdditive();
        while (left) {
            Operator op = Operator::None;
            if (isPunct(u"<"_s))
                op = Operator::Less;
            else if (isPunct(u"<="_s))
                op = Operator::LessEqual;
            else if (isPunct(u">"_s))
                op = Operator::Greater;
            else if (isPunct(u">="_s))
                op = Operator::GreaterEqual;
            else if (current().type == TokenType::In)
                op = Operator::In;
            else
                break;
            ++m_index;
            left = binary(op, std::move(left), parseAdditive());
        }
        return left;
    }

    NodePtr parseAdditive()
    {
        NodePtr left = parseMultiplicative();
        while (left) {
            if (accept(u"+"_s))
                left = binary(Operator::Add, std::move(left), parseMultiplicative());
            else if (accept(u"-"_s))
                left = binary(Operator::Subtract, std::move(left), parseMultiplicative());
            else
                break;
        }
        return left;
    }

    NodePtr parseMultiplicative()
    {
        NodePtr left = parseUnary();
        while (left) {
            if (accept(u"*"_s))
                left = binary(Operator::Multiply, std::move(left), parseUnary());
            else if (accept(u"/"_s))
                left = binary(Operator::Divide, std::move(left), parseUnary());
            else if (accept(u"%"_s))
                left = binary(Operator::Modulo, std::move(left), parseUnary());
            else
                break;
        }
        return left;
    }

    NodePtr parseUnary()
    {
        DepthGuard guard(&m_depth);
        if (m_depth > ExpressionParser::MaxDepth)
            return fail(tr("the expression is nested too deeply"), current().position);
        const int position = current().position;
        Operator op = Operator::None;
        if (accept(u"!"_s))
            op = Operator::Not;
        else if (accept(u"-"_s))
            op = Operator::Negate;
        else if (accept(u"+"_s))
            return parseUnary();
        if (op == Operator::None)
            return parsePostfix();
        NodePtr operand = parseUnary();
        if (!operand)
            return nullptr;
        // Fold "-3" into a literal so that indexes like [-1] stay constant.
        if (op == Operator::Negate && operand->kind == NodeKind::Literal && operand->value.isDouble()) {
            const QJsonValue v = operand->value;
            operand->value = ExpressionValue::isInteger(v) && v.toInteger() != std::numeric_limits<qint64>::min()
                                 ? QJsonValue(-v.toInteger())
                                 : QJsonValue(-v.toDouble());
            operand->position = position;
            return finish(std::move(operand));
        }
        NodePtr node = makeNode(NodeKind::Unary, position);
        node->op = op;
        node->children.push_back(std::move(operand));
        return finish(std::move(node));
    }

    NodePtr parsePostfix()
    {
        NodePtr node = parsePrimary();
        while (node) {
            if (accept(u"."_s)) {
                const Token &name = current();
                const bool isName = name.type == TokenType::Identifier || name.type == TokenType::True ||
                                    name.type == TokenType::False || name.type == TokenType::Null ||
                                    name.type == TokenType::In || name.type == TokenType::Number;
                if (!isName)
                    return fail(tr("expected a field name after '.' but found %1").arg(describe(name)), name.position);
                ++m_index;
                NodePtr member = makeNode(NodeKind::Member, node->position);
                member->name = name.type == TokenType::Number ? m_text.mid(name.position, name.length) : name.text;
                member->children.push_back(std::move(node));
                node = finish(std::move(member));
            } else if (isPunct(u"["_s)) {
                ++m_index;
                node = parseIndex(std::move(node));
            } else {
                break;
            }
        }
        return node;
    }

    NodePtr parseIndex(NodePtr object)
    {
        NodePtr start;
        if (!isPunct(u":"_s)) {
            start = parseExpression();
            if (!start)
                return nullptr;
            if (accept(u"]"_s)) {
                NodePtr node = makeNode(NodeKind::Index, object->position);
                node->children.push_back(std::move(object));
                node->children.push_back(std::move(start));
                return finish(std::move(node));
            }
        }
        if (!expect(u":"_s))
            return nullptr;
        NodePtr end;
        if (!isPunct(u"]"_s)) {
            end = parseExpression();
            if (!end)
                return nullptr;
        }
        if (!expect(u"]"_s))
            return nullptr;
        NodePtr node = makeNode(NodeKind::Slice, object->position);
        node->children.push_back(std::move(object));
        node->children.push_back(std::move(start));
        node->children.push_back(std::move(end));
        return finish(std::move(node));
    }

    NodePtr parsePrimary()
    {
        const Token token = current();
        switch (token.type) {
        case TokenType::Number:
        case TokenType::String:
        case TokenType::True:
        case TokenType::False:
        case TokenType::Null: {
            ++m_index;
            NodePtr node = makeNode(NodeKind::Literal, token.position);
            node->value = token.type == TokenType::Null ? QJsonValue(QJsonValue::Null) : token.value;
            return finish(std::move(node));
        }
        case TokenType::Identifier:
            ++m_index;
            if (isPunct(u"("_s))
                return parseCall(token);
            if (!ExpressionParser::rootNames().contains(token.text) && !m_extraRoots.contains(token.text)) {
                return fail(tr("unknown name '%1' (expected one of %2)")
                                .arg(token.text, (ExpressionParser::rootNames() + m_extraRoots).join(u", "_s)),
                            token.position);
            }
            {
                NodePtr node = makeNode(NodeKind::Root, token.position);
                node->name = token.text;
                return finish(std::move(node));
            }
        case TokenType::Punct:
            if (accept(u"("_s)) {
                NodePtr inner = parseExpression();
                if (!inner || !expect(u")"_s))
                    return nullptr;
                return inner;
            }
            if (accept(u"["_s))
                return parseArray(token.position);
            if (accept(u"{"_s))
                return parseObject(token.position);
            break;
        default:
            break;
        }
        if (token.type == TokenType::End)
            return fail(m_index == 0 ? tr("empty expression") : tr("unexpected end of the expression"), token.position);
        return fail(tr("unexpected %1").arg(describe(token)), token.position);
    }

    NodePtr parseCall(const Token &name)
    {
        ++m_index; // (
        const ExpressionFunction *function = ExpressionFunctions::find(name.text);
        if (!function)
            return fail(tr("unknown function '%1'").arg(name.text), name.position);
        NodePtr node = makeNode(NodeKind::Call, name.position);
        node->name = name.text;
        node->function = function;
        if (!accept(u")"_s)) {
            do {
                NodePtr argument = parseExpression();
                if (!argument)
                    return nullptr;
                node->children.push_back(std::move(argument));
            } while (accept(u","_s));
            if (!expect(u")"_s))
                return nullptr;
        }
        const int count = int(node->children.size());
        if (count < function->minArguments || (function->maxArguments >= 0 && count > function->maxArguments)) {
            QString expected;
            if (function->minArguments == function->maxArguments)
                expected = QString::number(function->minArguments);
            else if (function->maxArguments < 0)
                expected = tr("at least %1").arg(function->minArguments);
            else
                expected = tr("%1 to %2").arg(function->minArguments).arg(function->maxArguments);
            return fail(tr("%1() takes %2 arguments but was given %3").arg(name.text, expected).arg(count),
                        name.position);
        }
        if (name.text == u"jmespath" && count >= 2 && node->children[1]->kind == NodeKind::Literal &&
            node->children[1]->value.isString()) {
            const Node &path = *node->children[1];
            auto compiled = std::make_shared<JmesPath>(JmesPath::compile(path.value.toString()));
            if (compiled->isValid()) {
                node->jmesPath = std::move(compiled);
            } else if (jmesPathAvailable()) {
                const int offset = compiled->error().position >= 0 ? compiled->error().position + 1 : 0;
                return fail(tr("invalid JMESPath: %1").arg(compiled->error().message),
                            std::min(path.position + offset, path.end));
            }
        }
        return finish(std::move(node));
    }

    NodePtr parseArray(int position)
    {
        NodePtr node = makeNode(NodeKind::Array, position);
        if (!accept(u"]"_s)) {
            do {
                NodePtr item = parseExpression();
                if (!item)
                    return nullptr;
                node->children.push_back(std::move(item));
            } while (accept(u","_s));
            if (!expect(u"]"_s))
                return nullptr;
        }
        return finish(std::move(node));
    }

    NodePtr parseObject(int position)
    {
        NodePtr node = makeNode(NodeKind::Object, position);
        if (!accept(u"}"_s)) {
            do {
                const Token key = current();
                if (key.type != TokenType::String && key.type != TokenType::Identifier)
                    return fail(tr("expected an object key but found %1").arg(describe(key)), key.position);
                ++m_index;
                if (!expect(u":"_s))
                    return nullptr;
                NodePtr item = parseExpression();
                if (!item)
                    return nullptr;
                node->keys.append(key.text);
                node->children.push_back(std::move(item));
            } while (accept(u","_s));
            if (!expect(u"}"_s))
                return nullptr;
        }
        return finish(std::move(node));
    }

    const QString &m_text;
    std::deque<Token> m_tokens;
    QStringList m_extraRoots;
    size_t m_index = 0;
    int m_position = 0;
    bool m_lexerFailed = false;
    int m_depth = 0;
    bool m_failed = false;
    ExpressionError m_error;
};

} // namespace

std::unique_ptr<Node> ExpressionParser::parse(const QString &text, ExpressionError *error,
                                              const QStringList &extraRoots)
{
    Parser parser(text, extraRoots);
    return parser.parseAll(error);
}

const QStringList &ExpressionParser::rootNames()
{
    static const QStringList names = {u"state"_s, u"sync"_s,    u"context"_s,  u"secrets"_s, u"inputs"_s,
                                      u"env"_s,   u"request"_s, u"response"_s, u"record"_s,  u"queue"_s};
    return names;
}

} // namespace Backfill
