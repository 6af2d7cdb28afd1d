/**
 * Saving a file so that it is either written whole or not at all: the bytes go to a temporary
 * file beside the target, which is then renamed over it (a rename within one folder replaces the
 * target in one step). A full disk or a read-only folder leaves no half-written file behind and
 * ends in one error that says which. Pure over a small file-system interface, which
 * `vscode.workspace.fs` satisfies (so it works on remote and virtual workspaces too).
 */
export interface WritableFileSystem<U> {
  writeFile(uri: U, content: Uint8Array): Thenable<void>;
  rename(source: U, target: U, options: { overwrite: boolean }): Thenable<void>;
  delete(uri: U): Thenable<void>;
}

export async function writeAtomically<U>(fs: WritableFileSystem<U>, target: U, temporary: U, content: Uint8Array, targetName: string): Promise<void> {
  try {
    await fs.writeFile(temporary, content);
    await fs.rename(temporary, target, { overwrite: true });
  } catch (error) {
    // The temporary file may be partly written; it must not stay behind. Failing to delete it
    // (it may never have been created) does not change what the user is told.
    await Promise.resolve(fs.delete(temporary)).catch(() => undefined);
    throw new Error(`could not save ${targetName}: ${saveFailureReason(error)}. Nothing was written; an existing file is unchanged`);
  }
}

/** The reason in a user's words, from Node error codes and VS Code's FileSystemError codes alike. */
export function saveFailureReason(error: unknown): string {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (['ENOSPC', 'EDQUOT'].includes(code) || /ENOSPC|EDQUOT|no space left/i.test(message)) return 'the disk is full';
  // Windows refuses to replace a file another program holds open (a CSV open in Excel): EBUSY, or EPERM on the rename.
  if (code === 'EBUSY' || /EBUSY|resource busy/i.test(message)) return 'the file is open in another program (close it there, e.g. in Excel, and save again)';
  if (['EACCES', 'EPERM', 'EROFS', 'NoPermissions'].includes(code) || /EACCES|EPERM|EROFS|read-only|permission/i.test(message)) {
    return 'the folder is read-only, you may not write there, or the file is open in another program';
  }
  return message;
}
