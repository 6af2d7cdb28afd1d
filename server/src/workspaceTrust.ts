/**
 * Workspace trust (VS Code's Restricted Mode): a folder someone else wrote may hold recipes whose
 * `structure "…"` paths point anywhere. The client says in `initializationOptions.workspaceTrusted`
 * whether the workspace is trusted (clients that know no such thing leave it out: trusted), and
 * sends WORKSPACE_TRUSTED when the user grants trust later. Until then the server reads no file
 * that a document names.
 */

/** What scoring may read: the workspace folders (besides each recipe's own folder), and whether to read at all. */
export interface FileAccessContext {
  allowedRoots: readonly string[];
  /** The roots are the workspace's, so a refusal tells the user to add a folder to the workspace, not to pass --structure-root. */
  rootsFrom: 'workspace';
  trusted: boolean;
}
