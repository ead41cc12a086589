import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ParticipantApp } from './features/room/ParticipantApp';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The room listener serves the participant's phone page at /join (main/room/server.ts). */}
    {window.location.pathname === '/join' ? <ParticipantApp /> : <App />}
  </StrictMode>,
);
