import { createRoot } from 'react-dom/client';
import { installTheme } from '@/components/theme';
import { App } from './App';
import './style.css';

installTheme();
createRoot(document.getElementById('root')!).render(<App />);
