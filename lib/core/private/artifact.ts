import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { onStackSynthesis } from './cdktf/custom-synthesis';

/** Props of an artifact file written next to a stack's synthesized Terraform. */
export interface ArtifactFileProps {
  /** Path relative to the stack's output directory (`cdktf.out/stacks/<stack>/`). */
  readonly fileName: string;
  /**
   * Renders the content, called once at synth (after validation). `undefined` writes no file (an
   * optional artifact whose renderer is not available).
   */
  readonly render: () => string | undefined;
}

/**
 * A file written during `cdktf synth` next to the stack's `cdk.tf.json`: setup SQL, rule files,
 * reports, manifests. Rendering happens at synth time, so the content reflects the whole tree.
 */
export class ArtifactFile extends Construct {
  /** The artifact files below a scope, in construct-tree order. */
  public static findAll(scope: Construct): ArtifactFile[] {
    return scope.node.findAll().filter((c): c is ArtifactFile => c instanceof ArtifactFile);
  }

  public readonly fileName: string;
  private readonly renderFn: () => string | undefined;

  constructor(scope: Construct, id: string, props: ArtifactFileProps) {
    super(scope, id);
    if (path.isAbsolute(props.fileName) || props.fileName.split(/[\\/]/).includes('..')) {
      throw new Error(`artifact file name must be relative and stay inside the stack output: ${props.fileName}`);
    }
    this.fileName = props.fileName;
    this.renderFn = props.render;
    onStackSynthesis(this, (dir) => {
      const file = path.join(dir, this.fileName);
      const content = this.renderFn();
      if (content === undefined) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    });
  }

  /** The file's content (empty when an optional artifact renders nothing). */
  public render(): string {
    return this.renderFn() ?? '';
  }
}
