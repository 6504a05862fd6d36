import type { Command } from "commander";
import { CliError } from "../errors.js";
import type { Output } from "../output.js";

interface Spec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly string[];
}

function specs(program: Command): { commands: Spec[]; globals: string[] } {
  const flags = (cmd: Command) =>
    cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
  return {
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      options: flags(c),
    })),
    globals: [...flags(program), "--help"],
  };
}

function bash(s: ReturnType<typeof specs>): string {
  const cases = s.commands
    .map((c) => `    ${c.name}) opts="${[...c.options, ...s.globals].join(" ")}" ;;`)
    .join("\n");
  return `# mcpstore completion for bash: eval "$(mcpstore completion bash)" in ~/.bashrc
_mcpstore() {
  local cur cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${s.commands.map((c) => c.name).join(" ")} ${s.globals.join(" ")}" -- "$cur") )
    return
  fi
  case "$cmd" in
${cases}
    *) opts="${s.globals.join(" ")}" ;;
  esac
  if [ "$cmd" = "completion" ]; then opts="bash zsh fish"; fi
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -o default -F _mcpstore mcpstore
`;
}

function zsh(s: ReturnType<typeof specs>): string {
  const esc = (t: string) => t.replace(/'/g, "'\\''").replace(/:/g, "\\:");
  const cmds = s.commands.map((c) => `    '${c.name}:${esc(c.description)}'`).join("\n");
  const cases = s.commands
    .map(
      (c) =>
        `      ${c.name}) _values 'option' ${[...c.options, ...s.globals].map((o) => `'${o}'`).join(" ")} ;;`,
    )
    .join("\n");
  return `#compdef mcpstore
# mcpstore completion for zsh: mcpstore completion zsh > "\${fpath[1]}/_mcpstore" (or eval it in ~/.zshrc)
_mcpstore() {
  local -a commands
  commands=(
${cmds}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
  else
    case "\${words[2]}" in
      completion) _values 'shell' bash zsh fish ;;
${cases}
    esac
  fi
}
compdef _mcpstore mcpstore 2>/dev/null || _mcpstore "$@"
`;
}

function fish(s: ReturnType<typeof specs>): string {
  const esc = (t: string) => t.replace(/'/g, "\\'");
  const lines = [
    "# mcpstore completion for fish: mcpstore completion fish > ~/.config/fish/completions/mcpstore.fish",
    "complete -c mcpstore -f",
    ...s.commands.map(
      (c) => `complete -c mcpstore -n '__fish_use_subcommand' -a '${c.name}' -d '${esc(c.description)}'`,
    ),
    ...s.globals.filter((g) => g.startsWith("--")).map((g) => `complete -c mcpstore -l '${g.slice(2)}'`),
    ...s.commands.flatMap((c) =>
      c.options
        .filter((o) => o.startsWith("--"))
        .map((o) => `complete -c mcpstore -n '__fish_seen_subcommand_from ${c.name}' -l '${o.slice(2)}'`),
    ),
    "complete -c mcpstore -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'",
  ];
  return `${lines.join("\n")}\n`;
}

/** Completion scripts generated from the command tree itself, so they never drift from it. */
export async function completion(out: Output, program: Command, shell: string): Promise<number> {
  const s = specs(program);
  const script =
    shell === "bash" ? bash(s) : shell === "zsh" ? zsh(s) : shell === "fish" ? fish(s) : undefined;
  if (script === undefined) throw new CliError("USAGE", `unknown shell "${shell}": use bash, zsh or fish`);
  process.stdout.write(script);
  void out;
  return 0;
}
