#include "model/jmespath/jmespathparser.h"

#include "model/jmespath/jmespathfunction.h"

#include <QCoreApplication>

namespace Backfill {

namespace {

// Deeper trees are refused: parsing and evaluation recurse once per level.
constexpr int maxDepth = 512;
// Below this binding power a token ends the right side of a projection.
constexpr int projectionStop = 10;

} // namespace

JmesPathParser::JmesPathParser(const QString &expression)
    : m_expression(expression)
{}

std::unique_ptr<JmesPathDetail::Node> JmesPathParser::parse()
{
    JmesPathLexer lexer(m_expression);
    if (!lexer.tokenize(&m_tokens)) {
        m_error = lexer.error();
        return {};
    }
    NodePtr root = expression(0);
    if (!root)
        return {};
    if (current().type != Type::End)
        return unexpected(current());
    return root;
}

int JmesPathParser::bindingPower(Type type)
{
    switch (type) {
    case Type::Pipe:
        return 1;
    case Type::Or:
        return 2;
    case Type::And:
        return 3;
    case Type::Equal:
    case Type::NotEqual:
    case Type::Less:
    case Type::LessOrEqual:
    case Type::Greater:
    case Type::GreaterOrEqual:
        return 5;
    case Type::Flatten:
        return 9;
    case Type::Star:
        return 20;
    case Type::Filter:
        return 21;
    case Type::Dot:
        return 40;
    case Type::Not:
        return 45;
    case Type::LeftBrace:
        return 50;
    case Type::LeftBracket:
        return 55;
    case Type::LeftParen:
        return 60;
    default:
        return 0;
    }
}

const JmesPathToken &JmesPathParser::peek(int ahead) const
{
    const size_t index = std::min(m_index + size_t(ahead), m_tokens.size() - 1);
    return m_tokens[index];
}

void JmesPathParser::advance()
{
    if (m_index + 1 < m_tokens.size())
        ++m_index;
}

QString JmesPathParser::describe(const JmesPathToken &token)
{
    if (token.type == Type::End)
        return QCoreApplication::translate("Backfill", "the end of the expression");
    if (token.type == Type::QuotedIdentifier)
        return u'"' + token.text + u'"';
    return u'\'' + token.text + u'\'';
}

JmesPathParser::NodePtr JmesPathParser::fail(const JmesPathToken &token, const QString &message)
{
    return failAt(token.position, message);
}

JmesPathParser::NodePtr JmesPathParser::failAt(int position, const QString &message)
{
    if (!m_failed) {
        m_failed = true;
        m_error = {JmesPath::ErrorKind::Syntax, message, position};
    }
    return {};
}

JmesPathParser::NodePtr JmesPathParser::unexpected(const JmesPathToken &token)
{
    if (token.type == Type::End)
        return fail(token, QCoreApplication::translate("Backfill", "Unexpected end of expression"));
    return fail(token, QCoreApplication::translate("Backfill", "Unexpected %1").arg(describe(token)));
}

bool JmesPathParser::expect(Type type, const QString &what)
{
    if (current().type != type) {
        fail(current(),
             QCoreApplication::translate("Backfill", "Expected %1 but found %2").arg(what, describe(current())));
        return false;
    }
    advance();
    return true;
}

JmesPathParser::NodePtr JmesPathParser::make(Node::Kind kind, int position, NodePtr first, NodePtr second)
{
    auto node = std::make_unique<Node>(kind);
    node->position = position;
    if (first)
        node->children.push_back(std::move(first));
    if (second)
        node->children.push_back(std::move(second));
    return finish(std::move(node));
}

JmesPathParser::NodePtr JmesPathParser::finish(NodePtr node)
{
    int depth = 0;
    for (const NodePtr &child : node->children)
        depth = std::max(depth, child->depth);
    node->depth = depth + 1;
    if (node->depth > maxDepth) {
        m_failed = true;
        m_error = {JmesPath::ErrorKind::Syntax,
                   QCoreApplication::translate("Backfill", "Expression is nested too deeply"), node->position};
        return {};
    }
    return node;
}

JmesPathParser::NodePtr JmesPathParser::expression(int power)
{
    if (++m_nesting > maxDepth) {
        --m_nesting;
        return fail(current(), QCoreApplication::translate("Backfill", "Expression is nested too deeply"));
    }
    NodePtr left = nud();
    while (left && power < bindingPower(current().type)) {
        const JmesPathToken token = current();
        advance();
        left = led(token, std::move(left));
    }
    --m_nesting;
    return left;
}

JmesPathParser::NodePtr JmesPathParser::nud()
{
    const JmesPathToken token = current();
    advance();
    switch (token.type) {
    case Type::Literal: {
        NodePtr node = make(Node::Kind::Literal, token.position);
        node->value = token.value;
        return node;
    }
    case Type::UnquotedIdentifier:
    case Type::QuotedIdentifier: {
        if (token.type == Type::QuotedIdentifier && current().type == Type::LeftParen)
            return fail(token, QCoreApplication::translate("Backfill", "A function name cannot be quoted"));
        NodePtr node = make(Node::Kind::Field, token.position);
        node->name = token.text;
        return node;
    }
    case Type::Star: {
        NodePtr right = projectionRight(bindingPower(Type::Star));
        if (!right)
            return {};
        return make(Node::Kind::ValueProjection, token.position, make(Node::Kind::Current, token.position),
                    std::move(right));
    }
    case Type::Filter:
        return led(token, make(Node::Kind::Current, token.position));
    case Type::Flatten:
        return led(token, make(Node::Kind::Current, token.position));
    case Type::LeftBrace:
        return multiSelectHash(token.position);
    case Type::LeftParen: {
        NodePtr inner = expression(0);
        if (!inner || !expect(Type::RightParen, QStringLiteral("')'")))
            return {};
        return inner;
    }
    case Type::Not: {
        NodePtr operand = expression(bindingPower(Type::Not));
        if (!operand)
            return {};
        return make(Node::Kind::Not, token.position, std::move(operand));
    }
    case Type::LeftBracket:
        if (current().type == Type::Number || current().type == Type::Colon)
            return parseIndex(make(Node::Kind::Current, token.position));
        if (current().type == Type::Star && peek(1).type == Type::RightBracket) {
            advance();
            advance();
            NodePtr right = projectionRight(bindingPower(Type::Star));
            if (!right)
                return {};
            return make(Node::Kind::ListProjection, token.position, make(Node::Kind::Current, token.position),
                        std::move(right));
        }
        return multiSelectList(token.position);
    case Type::Current:
        return make(Node::Kind::Current, token.position);
    case Type::ExpressionReference: {
        NodePtr operand = expression(0);
        if (!operand)
            return {};
        return make(Node::Kind::ExpressionReference, token.position, std::move(operand));
    }
    default:
        return unexpected(token);
    }
}

JmesPathParser::NodePtr JmesPathParser::led(const JmesPathToken &token, NodePtr left)
{
    switch (token.type) {
    case Type::Dot: {
        if (current().type == Type::Star) {
            advance();
            NodePtr right = projectionRight(bindingPower(Type::Dot));
            if (!right)
                return {};
            return make(Node::Kind::ValueProjection, token.position, std::move(left), std::move(right));
        }
        NodePtr right = dotRight(bindingPower(Type::Dot));
        if (!right)
            return {};
        return make(Node::Kind::Subexpression, token.position, std::move(left), std::move(right));
    }
    case Type::Pipe:
    case Type::Or:
    case Type::And: {
        NodePtr right = expression(bindingPower(token.type));
        if (!right)
            return {};
        const Node::Kind kind = token.type == Type::Pipe ? Node::Kind::Pipe
                                : token.type == Type::Or ? Node::Kind::Or
                                                         : Node::Kind::And;
        return make(kind, token.position, std::move(left), std::move(right));
    }
    case Type::Equal:
    case Type::NotEqual:
    case Type::Less:
    case Type::LessOrEqual:
    case Type::Greater:
    case Type::GreaterOrEqual: {
        NodePtr right = expression(bindingPower(token.type));
        if (!right)
            return {};
        NodePtr node = make(Node::Kind::Comparison, token.position, std::move(left), std::move(right));
        if (!node)
            return {};
        node->comparator = token.type == Type::Equal         ? Node::Comparator::Equal
                           : token.type == Type::NotEqual    ? Node::Comparator::NotEqual
                           : token.type == Type::Less        ? Node::Comparator::Less
                           : token.type == Type::LessOrEqual ? Node::Comparator::LessOrEqual
                           : token.type == Type::Greater     ? Node::Comparator::Greater
                                                             : Node::Comparator::GreaterOrEqual;
        return node;
    }
    case Type::Flatten: {
        NodePtr flattened = make(Node::Kind::Flatten, token.position, std::move(left));
        NodePtr right = projectionRight(bindingPower(Type::Flatten));
        if (!flattened || !right)
            return {};
        return make(Node::Kind::ListProjection, token.position, std::move(flattened), std::move(right));
    }
    case Type::Filter: {
        NodePtr condition = expression(0);
        if (!condition || !expect(Type::RightBracket, QStringLiteral("']'")))
            return {};
        // `[?cond][]` flattens the filtered list itself, as in the reference implementation.
        NodePtr right = current().type == Type::Flatten ? make(Node::Kind::Current, token.position)
                                                        : projectionRight(bindingPower(Type::Filter));
        if (!right)
            return {};
        NodePtr node = make(Node::Kind::FilterProjection, token.position, std::move(left), std::move(right));
        if (!node)
            return {};
        node->children.push_back(std::move(condition));
        return finish(std::move(node));
    }
    case Type::LeftBracket: {
        if (current().type == Type::Number || current().type == Type::Colon)
            return parseIndex(std::move(left));
        if (!expect(Type::Star, QStringLiteral("'*', a number or ':'")) ||
            !expect(Type::RightBracket, QStringLiteral("']'")))
            return {};
        NodePtr right = projectionRight(bindingPower(Type::Star));
        if (!right)
            return {};
        return make(Node::Kind::ListProjection, token.position, std::move(left), std::move(right));
    }
    case Type::LeftParen:
        return functionCall(std::move(left), token.position);
    default:
        return unexpected(token);
    }
}

JmesPathParser::NodePtr JmesPathParser::parseIndex(NodePtr left)
{
    if (current().type == Type::Colon || peek(1).type == Type::Colon)
        return parseSlice(std::move(left));
    const JmesPathToken number = current();
    advance();
    if (!expect(Type::RightBracket, QStringLiteral("']'")))
        return {};
    NodePtr node = make(Node::Kind::Index, number.position, std::move(left));
    if (node)
        node->index = number.number;
    return node;
}

JmesPathParser::NodePtr JmesPathParser::parseSlice(NodePtr left)
{
    std::optional<qint64> parts[3];
    int part = 0;
    bool seenNumber = false;
    const int position = current().position;
    int stepPosition = position;
    while (current().type != Type::RightBracket) {
        if (current().type == Type::Colon) {
            if (++part > 2)
                return unexpected(current());
            seenNumber = false;
        } else if (current().type == Type::Number && !seenNumber) {
            parts[part] = current().number;
            if (part == 2)
                stepPosition = current().position;
            seenNumber = true;
        } else {
            return unexpected(current());
        }
        advance();
    }
    advance();
    if (parts[2] && *parts[2] == 0) {
        m_failed = true;
        m_error = {JmesPath::ErrorKind::InvalidValue,
                   QCoreApplication::translate("Backfill", "The step of a slice cannot be 0"), stepPosition};
        return {};
    }
    NodePtr slice = make(Node::Kind::Slice, position, std::move(left));
    if (!slice)
        return {};
    slice->start = parts[0];
    slice->stop = parts[1];
    slice->step = parts[2];
    // A slice projects what follows it, like `[*]`.
    NodePtr right = projectionRight(bindingPower(Type::Star));
    if (!right)
        return {};
    return make(Node::Kind::ListProjection, position, std::move(slice), std::move(right));
}

JmesPathParser::NodePtr JmesPathParser::projectionRight(int power)
{
    const Type type = current().type;
    if (bindingPower(type) < projectionStop)
        return make(Node::Kind::Current, current().position);
    if (type == Type::LeftBracket || type == Type::Filter)
        return expression(power);
    if (type == Type::Dot) {
        advance();
        return dotRight(power);
    }
    return unexpected(current());
}

JmesPathParser::NodePtr JmesPathParser::dotRight(int power)
{
    const JmesPathToken token = current();
    switch (token.type) {
    case Type::UnquotedIdentifier:
    case Type::QuotedIdentifier:
    case Type::Star:
        return expression(power);
    case Type::LeftBracket:
        advance();
        return multiSelectList(token.position);
    case Type::LeftBrace:
        advance();
        return multiSelectHash(token.position);
    default:
        return fail(token, QCoreApplication::translate("Backfill", "Expected an identifier, '*', '[' or '{' after '.' "
                                                                   "but found %1")
                               .arg(describe(token)));
    }
}

JmesPathParser::NodePtr JmesPathParser::multiSelectList(int position)
{
    auto node = std::make_unique<Node>(Node::Kind::MultiSelectList);
    node->position = position;
    while (true) {
        NodePtr item = expression(0);
        if (!item)
            return {};
        node->children.push_back(std::move(item));
        if (current().type == Type::RightBracket)
            break;
        if (!expect(Type::Comma, QStringLiteral("',' or ']'")))
            return {};
    }
    advance();
    return finish(std::move(node));
}

JmesPathParser::NodePtr JmesPathParser::multiSelectHash(int position)
{
    auto node = std::make_unique<Node>(Node::Kind::MultiSelectHash);
    node->position = position;
    while (true) {
        const JmesPathToken key = current();
        if (key.type != Type::UnquotedIdentifier && key.type != Type::QuotedIdentifier)
            return fail(key, QCoreApplication::translate("Backfill", "Expected a key but found %1").arg(describe(key)));
        advance();
        if (!expect(Type::Colon, QStringLiteral("':'")))
            return {};
        NodePtr value = expression(0);
        if (!value)
            return {};
        node->keys.append(key.text);
        node->children.push_back(std::move(value));
        if (current().type == Type::RightBrace)
            break;
        if (!expect(Type::Comma, QStringLiteral("',' or '}'")))
            return {};
    }
    advance();
    return finish(std::move(node));
}

JmesPathParser::NodePtr JmesPathParser::functionCall(NodePtr name, int position)
{
    if (name->kind != Node::Kind::Field)
        return failAt(position, QCoreApplication::translate("Backfill", "Only a function name can be called"));
    auto node = std::make_unique<Node>(Node::Kind::Function);
    node->position = name->position;
    node->name = name->name;
    if (current().type != Type::RightParen) {
        while (true) {
            NodePtr argument = expression(0);
            if (!argument)
                return {};
            node->children.push_back(std::move(argument));
            if (current().type == Type::RightParen)
                break;
            if (!expect(Type::Comma, QStringLiteral("',' or ')'")))
                return {};
        }
    }
    advance();

    node->function = JmesPathFunction::find(node->name);
    if (!node->function) {
        m_failed = true;
        m_error = {JmesPath::ErrorKind::UnknownFunction,
                   QCoreApplication::translate("Backfill", "Unknown function %1()").arg(node->name), node->position};
        return {};
    }
    const int given = int(node->children.size());
    const int required = int(node->function->parameters.size());
    if (given < required || (given > required && !node->function->variadic)) {
        m_failed = true;
        const QString message =
            node->function->variadic
                ? QCoreApplication::translate("Backfill", "Wrong number of arguments for %1(): expected at least %2, "
                                                          "got %3")
                : QCoreApplication::translate("Backfill", "Wrong number of arguments for %1(): expected %2, got %3");
        m_error = {JmesPath::ErrorKind::InvalidArity, message.arg(node->name).arg(required).arg(given), node->position};
        return {};
    }
    return finish(std::move(node));
}

} // namespace Backfill
