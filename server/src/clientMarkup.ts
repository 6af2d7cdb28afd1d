/**
 * Hover contents and completion documentation in the markup the client asked for. The feature
 * modules write Markdown; a client whose `hover.contentFormat` or
 * `completionItem.documentationFormat` does not put Markdown first gets the same text as plain
 * text, rendered to read well without a Markdown viewer (terminal editors, eglot without
 * markdown-mode).
 */
import { MarkupContent, MarkupKind, type ClientCapabilities, type CompletionItem, type Hover } from 'vscode-languageserver';
import { markdownToPlainText } from './plainText';

export interface ClientMarkup {
  hover: MarkupKind;
  documentation: MarkupKind;
}

export function clientMarkup(capabilities: ClientCapabilities): ClientMarkup {
  return {
    hover: preferredKind(capabilities.textDocument?.hover?.contentFormat),
    documentation: preferredKind(capabilities.textDocument?.completion?.completionItem?.documentationFormat),
  };
}

/**
 * The client lists formats in its order of preference. Plain text is the one format every client
 * shows, so a client that lists none, or names Markdown only after plain text, gets plain text.
 */
function preferredKind(formats: MarkupKind[] | undefined): MarkupKind {
  const first = formats?.find((f) => f === MarkupKind.Markdown || f === MarkupKind.PlainText);
  return first === MarkupKind.Markdown ? MarkupKind.Markdown : MarkupKind.PlainText;
}

function inKind(content: MarkupContent, kind: MarkupKind): MarkupContent {
  if (content.kind === kind || kind === MarkupKind.Markdown) return content;
  return { kind: MarkupKind.PlainText, value: markdownToPlainText(content.value) };
}

export function hoverInKind(hover: Hover | null, kind: MarkupKind): Hover | null {
  if (!hover || !MarkupContent.is(hover.contents)) return hover;
  return { ...hover, contents: inKind(hover.contents, kind) };
}

export function completionInKind(items: CompletionItem[] | null, kind: MarkupKind): CompletionItem[] | null {
  if (!items || kind === MarkupKind.Markdown) return items;
  return items.map((item) => (MarkupContent.is(item.documentation) ? { ...item, documentation: inKind(item.documentation, kind) } : item));
}
