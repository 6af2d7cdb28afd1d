/**
 * The generated metal core in 3D (three.js, bundled: no network, no eval, so it runs under the
 * panel's strict CSP): host atoms translucent, dopant atoms solid in their own colour, so the
 * dopant sites (core or surface) stand out; nearest-neighbour bonds as lines. Drag to rotate, wheel
 * to zoom; from the keyboard (the canvas is focusable) arrows rotate, Shift+arrows pan, +/− zoom. Drawn only when the view changes (no animation loop), so an idle panel does no work.
 */
import { AmbientLight, BufferGeometry, Color, DirectionalLight, Float32BufferAttribute, InstancedMesh, LineBasicMaterial, LineSegments, Matrix4, MeshStandardMaterial, PerspectiveCamera, Scene, SphereGeometry, Vector3, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export interface CoreModel {
  elements: string[];
  positions: number[];
  bonds: Array<[number, number]>;
  labels: string[];
}

export interface CoreColours {
  host: string;
  dopant: string;
  bond: string;
  background: string;
}

/** What the keys do (the legend and the canvas's label say it). */
export const CORE_KEYS = 'Arrow keys rotate, Shift+arrow keys pan, + and − zoom.';

/** Radians an arrow key turns the core. */
const KEY_ROTATE = Math.PI / 24;
/** Pixels a Shift+arrow key pans. */
const KEY_PAN = 12;
/** Dolly factor of a + or − key. */
const KEY_ZOOM = 1.15;

/** Atom sphere radius in Å: small enough to see the inner shells through the translucent host. */
const ATOM_RADIUS = 0.55;

export class CoreView {
  private readonly renderer: WebGLRenderer;
  private readonly controls: OrbitControls;
  private readonly disposables: Array<{ dispose(): void }> = [];

  private constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly scene: Scene,
    private readonly camera: PerspectiveCamera,
    renderer: WebGLRenderer,
  ) {
    this.renderer = renderer;
    this.controls = new OrbitControls(camera, canvas);
    this.controls.addEventListener('change', () => this.render());
    canvas.addEventListener('keydown', this.onKey);
  }

  /** Arrows rotate, Shift+arrows pan, +/− zoom; every other key (Tab, Escape) passes. */
  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const c = this.controls;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const arrow = arrows[event.key];
    if (arrow) {
      if (event.shiftKey) c.pan(arrow[0] * KEY_PAN, arrow[1] * KEY_PAN);
      else {
        c.rotateLeft(arrow[0] * KEY_ROTATE);
        c.rotateUp(arrow[1] * KEY_ROTATE);
      }
    } else if (event.key === '+' || event.key === '=') c.dollyIn(KEY_ZOOM);
    else if (event.key === '-' || event.key === '−' || event.key === '_') c.dollyOut(KEY_ZOOM);
    else return;
    event.preventDefault();
  };

  /** Draws `core` into `canvas`; throws when the browser has no WebGL (the caller says so instead). */
  static draw(canvas: HTMLCanvasElement, core: CoreModel, dopant: string, colours: CoreColours): CoreView {
    const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    const width = canvas.clientWidth || 480;
    const height = canvas.clientHeight || 360;
    renderer.setPixelRatio(globalThis.devicePixelRatio || 1);
    renderer.setSize(width, height, false);
    const scene = new Scene();
    scene.background = new Color(colours.background);
    const centre = centroid(core.positions);
    const radius = Math.max(1, ...core.elements.map((_, i) => new Vector3(core.positions[3 * i], core.positions[3 * i + 1], core.positions[3 * i + 2]).sub(centre).length()));
    const camera = new PerspectiveCamera(40, width / height, 0.1, radius * 20);
    camera.position.set(centre.x + radius * 1.6, centre.y + radius * 1.2, centre.z + radius * 2.6);
    camera.lookAt(centre);
    scene.add(new AmbientLight(0xffffff, 0.6));
    const light = new DirectionalLight(0xffffff, 1.2);
    light.position.set(1, 2, 3);
    scene.add(light);

    const view = new CoreView(canvas, scene, camera, renderer);
    view.controls.target.copy(centre);
    const sphere = new SphereGeometry(ATOM_RADIUS, 24, 16);
    view.disposables.push(sphere, renderer);
    const isDopant = core.elements.map((e) => e === dopant);
    for (const [dopantAtoms, colour, opacity] of [
      [false, colours.host, 0.35],
      [true, colours.dopant, 1],
    ] as const) {
      const atoms = core.elements.flatMap((_, i) => (isDopant[i] === dopantAtoms ? [i] : []));
      if (atoms.length === 0) continue;
      const material = new MeshStandardMaterial({ color: new Color(colour), transparent: opacity < 1, opacity, depthWrite: opacity === 1 });
      const mesh = new InstancedMesh(sphere, material, atoms.length);
      atoms.forEach((atom, k) => mesh.setMatrixAt(k, new Matrix4().makeTranslation(core.positions[3 * atom], core.positions[3 * atom + 1], core.positions[3 * atom + 2])));
      scene.add(mesh);
      view.disposables.push(material);
    }
    const bondPoints = core.bonds.flatMap(([i, j]) => [...core.positions.slice(3 * i, 3 * i + 3), ...core.positions.slice(3 * j, 3 * j + 3)]);
    const bondGeometry = new BufferGeometry();
    bondGeometry.setAttribute('position', new Float32BufferAttribute(bondPoints, 3));
    const bondMaterial = new LineBasicMaterial({ color: new Color(colours.bond), transparent: true, opacity: 0.5 });
    scene.add(new LineSegments(bondGeometry, bondMaterial));
    view.disposables.push(bondGeometry, bondMaterial);
    view.render();
    return view;
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.canvas.removeEventListener('keydown', this.onKey);
    this.controls.dispose();
    for (const d of this.disposables) d.dispose();
    // three's dispose frees the GPU objects but not the context itself, which stays until the
    // canvas is collected: each redraw of the detail held one more, and Chromium keeps 16 at most.
    this.renderer.forceContextLoss();
  }
}

function centroid(positions: number[]): Vector3 {
  const c = new Vector3();
  const n = positions.length / 3;
  for (let i = 0; i < n; i++) c.add(new Vector3(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]));
  return n ? c.divideScalar(n) : c;
}
