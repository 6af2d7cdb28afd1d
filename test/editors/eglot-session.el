;;; eglot-session.el --- one eglot session on a .bimetal file, in batch mode  -*- lexical-binding: t -*-

;; Loaded after the user configuration that test/editors/emacs.test.ts takes from
;; docs/editors.md. It goes through what a user does (visit the file, let eglot-ensure connect,
;; read the diagnostics, hover, complete, change a setting, format) with eglot's own commands
;; and writes what eglot showed as JSON to $BIMETAL_SESSION_OUT. The test judges the result:
;; this file only observes.
;;
;; Environment: BIMETAL_SESSION_FILE (the recipe file, in a project with .git),
;; BIMETAL_SESSION_OUT, and BIMETAL_SESSION_DIR_LOCALS (text of a .dir-locals.el that is written
;; into the project before the settings change). The file has a recipe `Au12Ag' whose dopant
;; line reads `dopant     Ag': the hover goes to the name, completion to the element.

(require 'cl-lib)
(require 'json)
(require 'eglot)
(require 'flymake)

(defvar bimetal-session--statuses nil
  "Every bimetal/documentStatus notification, newest first, as (VERSION . STATE).
The server sends one after each diagnostics push; waiting for `scored' is waiting for the
model phase to finish.")

(cl-defmethod eglot-handle-notification
  (_server (_method (eql bimetal/documentStatus)) &key version state &allow-other-keys)
  (push (cons version state) bimetal-session--statuses))

(defun bimetal-session--wait (what predicate &optional seconds)
  "Process server output until PREDICATE holds; fail naming WHAT after SECONDS (default 45)."
  (let ((deadline (+ (float-time) (or seconds 45))))
    (while (not (funcall predicate))
      (when (> (float-time) deadline) (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05))))

(defun bimetal-session--scored-count ()
  (cl-count "scored" bimetal-session--statuses :key #'cdr :test #'equal))

(defun bimetal-session--hover ()
  "The hover text eldoc would show at point."
  (let (text)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq text (or info ""))))
    (bimetal-session--wait "the hover" (lambda () text))
    (substring-no-properties text)))

(defun bimetal-session--diagnostics ()
  "Flymake's diagnostics: the text each covers, where it starts, and its message."
  (flymake-start)
  (vconcat
   (mapcar (lambda (d)
             (let ((beg (flymake-diagnostic-beg d)))
               `((text . ,(buffer-substring-no-properties beg (flymake-diagnostic-end d)))
                 (line . ,(line-number-at-pos beg))
                 (column . ,(save-excursion (goto-char beg) (current-column)))
                 (type . ,(symbol-name (flymake-diagnostic-type d)))
                 (message . ,(flymake-diagnostic-text d)))))
           (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))

(defun bimetal-session--completion ()
  "Candidates of `completion-at-point', and the documentation of the one at point (as company shows it)."
  (let* ((capf (eglot-completion-at-point))
         (candidates (all-completions "" (nth 2 capf)))
         (doc-buffer (plist-get (nthcdr 3 capf) :company-doc-buffer))
         (here (cl-find (thing-at-point 'symbol t) candidates :test #'string=))
         (doc (and here doc-buffer (funcall doc-buffer here))))
    `((candidates . ,(vconcat (mapcar #'substring-no-properties candidates)))
      (documented . ,(and here (substring-no-properties here)))
      (documentation . ,(and doc (with-current-buffer doc (buffer-substring-no-properties (point-min) (point-max))))))))

(defun bimetal-session--goto (text &optional offset)
  (goto-char (point-min))
  (search-forward text)
  (goto-char (+ (match-beginning 0) (or offset 0))))

(let ((out (getenv "BIMETAL_SESSION_OUT"))
      (result nil))
  (condition-case err
      (let* ((file (getenv "BIMETAL_SESSION_FILE"))
             (buffer (find-file file)))
        ;; eldoc's hover callback only runs for a buffer shown in a window, as in a real session.
        (switch-to-buffer buffer)
        ;; eglot-ensure connects from post-command-hook, after the command that visited the file.
        (run-hooks 'post-command-hook)
        (bimetal-session--wait "eglot to connect" #'eglot-current-server)
        (push `(server . ,(plist-get (eglot--server-info (eglot-current-server)) :name)) result)
        (push `(major-mode . ,(symbol-name major-mode)) result)
        (bimetal-session--wait "the first scoring" (lambda () (> (bimetal-session--scored-count) 0)))
        (push `(diagnostics . ,(bimetal-session--diagnostics)) result)
        (bimetal-session--goto "recipe Au12Ag" (length "recipe "))
        (push `(hover . ,(bimetal-session--hover)) result)
        (bimetal-session--goto "dopant     A" (length "dopant     A"))
        (push `(completion . ,(bimetal-session--completion)) result)
        ;; A setting changed the way the documentation says: a .dir-locals.el, then
        ;; M-x eglot-signal-didChangeConfiguration. The server re-scores with it.
        (let ((scored (bimetal-session--scored-count))
              (root (locate-dominating-file file ".git")))
          (with-temp-file (expand-file-name ".dir-locals.el" root)
            (insert (getenv "BIMETAL_SESSION_DIR_LOCALS")))
          (eglot-signal-didChangeConfiguration (eglot-current-server))
          (bimetal-session--wait "re-scoring after the settings change" (lambda () (> (bimetal-session--scored-count) scored))))
        (bimetal-session--goto "recipe Au12Ag" (length "recipe "))
        (push `(hover-after-setting . ,(bimetal-session--hover)) result)
        (eglot-format-buffer)
        (push `(formatted . ,(buffer-substring-no-properties (point-min) (point-max))) result)
        (push `(options . ((tab-width . ,tab-width) (indent-tabs-mode . ,(if indent-tabs-mode t :json-false)))) result)
        (eglot-shutdown (eglot-current-server))
        (push `(messages . ,(with-current-buffer "*Messages*" (buffer-string))) result))
    (error (push `(error . ,(error-message-string err)) result)
           (push `(messages . ,(with-current-buffer "*Messages*" (buffer-string))) result)))
  (let ((coding-system-for-write 'utf-8))
    (write-region (json-encode (nreverse result)) nil out))
  (kill-emacs 0))

;;; eglot-session.el ends here
